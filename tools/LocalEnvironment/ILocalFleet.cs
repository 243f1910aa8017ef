using Azure.Storage.Blobs;

namespace LbAcme.LocalEnvironment;

/// <summary>What run-local needs of a fleet, on loopback (<see cref="LocalFleet"/>) or in network namespaces (<see cref="NetnsFleet"/>).</summary>
public interface ILocalFleet : IAsyncDisposable
{
    IReadOnlyList<string> LbNames { get; }

    BlobContainerClient CertificateContainer { get; }

    /// <summary>Where the fleet's config file is (for --keep users who want to poke at it).</summary>
    string ConfigPath { get; }

    /// <summary>Where the LB's HAProxy answers TLS, or null when this fleet runs no HAProxy.</summary>
    System.Net.IPEndPoint? TlsEndpoint(string lb);

    /// <summary>Fleet, Engine and Store settings as the function app reads them.</summary>
    Dictionary<string, string?> EngineSettings(IDictionary<string, string?>? extra = null);

    /// <summary>
    /// Makes every name resolve as round-robin DNS would, at random, with each LB's own name never pointing at
    /// that LB; returns name → what it points at (an LB or a VIP).
    /// </summary>
    Task<Dictionary<string, string>> ApplyRoundRobinDnsAsync(Random random);
}
