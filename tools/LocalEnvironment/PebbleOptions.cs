namespace LbAcme.LocalEnvironment;

/// <summary>How to start a Pebble for one test class.</summary>
public sealed record PebbleOptions
{
    /// <summary>Pebble rejects this percentage of valid nonces (PEBBLE_WFE_NONCEREJECT), to prove badNonce retries.</summary>
    public int NonceRejectPercent { get; init; }

    /// <summary>When set, newAccount requires External Account Binding with one of these key ids → base64url HMAC keys.</summary>
    public IReadOnlyDictionary<string, string>? EabKeys { get; init; }

    /// <summary>Extra alternate issuance chains (PEBBLE_ALTERNATE_ROOTS), offered through Link rel="alternate".</summary>
    public int AlternateRoots { get; init; }

    /// <summary>
    /// The port Pebble's VA connects to for HTTP-01 (Let's Encrypt: 80). Null: the port of the
    /// challtestsrv HTTP-01 responder this fixture starts, fed through <see cref="PebbleFixture.AddHttp01Async"/>.
    /// </summary>
    public int? ValidationHttpPort { get; init; }

    /// <summary>Lifetime of issued certificates; null is 90 days, Let's Encrypt's classic profile.</summary>
    public TimeSpan? CertificateLifetime { get; init; }

    /// <summary>Address every name resolves to (challtestsrv's default A record).</summary>
    public string ResolveTo { get; init; } = "127.0.0.1";
}
