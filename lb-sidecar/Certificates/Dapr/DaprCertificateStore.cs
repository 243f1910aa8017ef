using System.Text;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using LbAcme.Certificates;
using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Certificates.Dapr;

/// <summary>
/// The certificate source "dapr": each certificate's secret ("{certName}-{lb}") read through the LB's daprd from a
/// secret store component (<c>secretstores.azure.keyvault</c> on the fleet's vault in Azure). Dapr's secret API
/// returns the value alone, with no version and no tags, so the version is the value's SHA-256
/// (<see cref="DaprSecretVersion"/>): every read transfers the PEM (one Key Vault secret GET behind daprd), and an
/// unchanged hash ends the round before any parsing. Without tags the verifier judges the certificate by its chain
/// (an untagged certificate's directory is not compared; the chain must still lead to the fleet's trust anchors).
/// Only PEM values are understood (what the renewal engine imports); a PKCS#12 secret imported by hand is refused
/// as not a PEM bundle. A missing secret is null; anything else daprd or the component report throws.
/// </summary>
internal sealed class DaprCertificateStore(DaprClient client, string secretStore, TimeSpan requestTimeout) : ICertificateStore, IDisposable
{
    public async Task<StoredCertificateInfo?> GetInfoAsync(string name, CancellationToken cancellationToken)
    {
        return (await GetAsync(name, cancellationToken))?.Info();
    }

    public async Task<StoredCertificate?> GetAsync(string name, CancellationToken cancellationToken)
    {
        CertificateName.Validate(name);
        // The gRPC call has no deadline of its own here: bound it, whoever called (the slot's deadline, check's probe).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(requestTimeout);
        Dictionary<string, string> data;
        try
        {
            data = await client.GetSecretAsync(secretStore, name, metadata: null, deadline.Token);
        }
        catch (DaprException e) when (e.InnerException is RpcException rpc)
        {
            return DaprSecretErrors.Classify(rpc, secretStore, name) switch
            {
                DaprSecretError.NotFound => null,
                DaprSecretError.TooLarge => throw new StoredObjectTooLargeException(
                    $"{name} is over the {StoreReadLimits.MaxCertificateResponseBytes}-byte limit for daprd's answer; not read ({rpc.Status.Detail})"),
                _ => throw new DaprSecretException(DaprSecretErrors.Describe(rpc, secretStore, name), rpc),
            };
        }
        var value = DaprSecretValue.Pick(data, secretStore, name);
        var version = DaprSecretVersion.Of(value);
        var size = Encoding.UTF8.GetByteCount(value);
        if (size > StoreReadLimits.MaxCertificateBytes)
        {
            // Under the gRPC cap (the frame) but over what a certificate bundle may be: refused like an oversize blob,
            // with its version, so the slot settles on it instead of reading it again every round.
            throw new StoredObjectTooLargeException(name, size, StoreReadLimits.MaxCertificateBytes, version);
        }
        return new StoredCertificate(name, version, value, NoTags);
    }

    public Task<StoredCertificateInfo> ImportAsync(string name, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            "The dapr certificate source is read-only: the sidecar never imports, and Dapr's secret API cannot write; the renewal function imports into Key Vault.");

    public void Dispose() => client.Dispose();

    /// <summary>Dapr's secret API carries no tags (Key Vault's stay in the vault).</summary>
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();
}
