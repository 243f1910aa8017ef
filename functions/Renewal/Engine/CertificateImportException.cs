namespace LbAcme.Renewal.Engine;

/// <summary>
/// The CA issued the certificate but the certificate store refused it. The bundle was kept under pending/, so a
/// prompt retry imports it without a new order: that is why this failure is retryable whatever the store said.
/// </summary>
public sealed class CertificateImportException : Exception
{
    public CertificateImportException(string serial, Exception inner)
        : base($"The CA issued certificate {serial} but the certificate store refused it; the next attempt imports it without a new order: {inner?.Message}", inner)
    {
    }
}
