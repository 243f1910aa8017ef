namespace LbAcme.Operator.Status;

/// <summary>
/// Store mode's flags: the function's own settings (a JSON file with its Fleet, Engine and Store sections, e.g. the
/// fleet.json the LBs use, and the RenewalSchedule setting) and the few an operator gives on the command line, which
/// win over the file.
/// </summary>
public sealed record StoreArguments(
    string? ConfigFile,
    string? ConnectionString,
    Uri? AccountUrl,
    string? Container,
    string? CertificateStore,
    string? CertificateContainer,
    Uri? KeyVaultUrl,
    string? Schedule = null)
{
    /// <summary>No store: the status comes from the function app's URL.</summary>
    public static readonly StoreArguments None = new(null, null, null, null, null, null, null);

    public bool IsStoreMode => !string.IsNullOrEmpty(ConnectionString) || AccountUrl is not null;
}
