namespace LbAcme.Core.Status;

/// <summary>The sidecar's certificate sync defaults that the function's status also reasons with.</summary>
public static class CertificateSyncDefaults
{
    /// <summary>How often a sidecar asks the certificate store for a new version, unless configured otherwise.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
}
