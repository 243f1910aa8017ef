using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>
/// Certificate sync is off: the daemon would answer challenges but never deploy what the function issues, so
/// HAProxy keeps its bootstrap certificate. A problem, not a note: nothing else would ever say so.
/// </summary>
internal static class CertificateSyncOffProbe
{
    private const string Root = SidecarOptions.SectionName + ":CertificateSync";

    public static CheckRow Row(CertificateSyncOptions sync) => new("certificate sync", "-", false, TimeSpan.Zero, false,
        sync.KeyVault.Uri is null && sync.ContainerSasUri is null
            ? $"off: HAProxy will keep its bootstrap certificate; no certificate store is configured (set {Root}:KeyVault:Uri to the Bicep output keyVaultUri)"
            : $"off: HAProxy will keep its bootstrap certificate ({Root}:Enabled is false)");
}
