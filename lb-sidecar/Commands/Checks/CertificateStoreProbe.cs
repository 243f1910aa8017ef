using Azure;
using Grpc.Core;
using LbAcme.Certificates;
using LbAcme.Sidecar.Certificates.Dapr;
using LbAcme.Sidecar.Options;
using StoreKinds = LbAcme.Certificates.Stores.CertificateStores;

namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>
/// The certificate store, read exactly as certificate sync reads it: this LB's own certificate. Not there yet is
/// fine (the function's first renewal creates it); a refusal names what this LB's identity is missing. For the
/// "dapr" source the address is daprd's endpoint and the secret store component, and an answer from daprd that
/// refuses (token, unknown component, the component's own error) is a reachable daprd saying what is wrong.
/// </summary>
internal static class CertificateStoreProbe
{
    public static Task<CheckRow> RunAsync(ICertificateStore store, string certificate, CertificateSyncOptions sync, TimeProvider time)
    {
        var keyVault = sync.Store == StoreKinds.KeyVault;
        var address = Address(sync);
        return BoundedProbe.RunAsync("certificate store", address, time, async cancellationToken =>
        {
            var started = time.GetTimestamp();
            try
            {
                var stored = await store.GetAsync(certificate, cancellationToken);
                return new CheckRow("certificate store", address, true, time.GetElapsedTime(started), true, stored is null
                    ? $"{certificate} not issued yet (the function's first renewal creates it)"
                    : $"reads {certificate} (version {stored.Version})");
            }
            catch (RequestFailedException e) when (e.Status is 401 or 403)
            {
                return new CheckRow("certificate store", address, true, time.GetElapsedTime(started), false,
                    $"denied ({e.Status} {e.ErrorCode}): {Missing(keyVault, certificate, sync)}");
            }
            catch (DaprSecretException e) when (e.InnerException is not RpcException { StatusCode: StatusCode.Unavailable })
            {
                return new CheckRow("certificate store", address, true, time.GetElapsedTime(started), false, e.Message);
            }
        });
    }

    /// <summary>Where the certificate is read from, in the source's own terms.</summary>
    private static string Address(CertificateSyncOptions sync) => sync.Store switch
    {
        StoreKinds.KeyVault => sync.KeyVault.Uri?.ToString() ?? "-",
        StoreKinds.Dapr => $"{sync.Dapr.GrpcEndpoint} {sync.Dapr.SecretStore}",
        _ => sync.ContainerSasUri is { } sas ? sas.GetLeftPart(UriPartial.Path) : sync.Container,
    };

    /// <summary>The line <c>check</c> prints before its table: which source certificate sync reads.</summary>
    public static string Source(CertificateSyncOptions sync) => sync.Store switch
    {
        StoreKinds.KeyVault => $"certificate source: keyvault (the secret API of {sync.KeyVault.Uri})",
        StoreKinds.Dapr => $"certificate source: dapr (secret store component '{sync.Dapr.SecretStore}' through daprd at {sync.Dapr.GrpcEndpoint})",
        _ => $"certificate source: blob ({(sync.ContainerSasUri is { } sas ? sas.GetLeftPart(UriPartial.Path) : $"container '{sync.Container}'")})",
    };

    /// <summary>What the LB's identity needs, in the words of the role assignments infra/ deploys.</summary>
    private static string Missing(bool keyVault, string certificate, CertificateSyncOptions sync) => keyVault
        ? $"this LB's identity needs the role 'Key Vault Secrets User' on the secret {certificate} (infra/main.bicep grants it with grantLbCertificateAccess=true once the certificate exists)"
        : sync.ContainerSasUri is not null
            ? $"the SAS in {SidecarOptions.SectionName}:CertificateSync:ContainerSasUri does not allow reading {certificate}.pem (needs read permission, not expired)"
            : $"this LB's identity needs read access to {certificate}.pem in the '{sync.Container}' container (Storage Blob Data Reader)";
}
