namespace LbAcme.Renewal.Store;

/// <summary>
/// An issued certificate the certificate store refused: the PEM bundle (leaf, chain, key), the tags it was to be
/// imported with, and why it was ordered, so the next attempt imports it instead of ordering another one.
/// </summary>
public sealed record PendingCertificate(string Pem, IReadOnlyDictionary<string, string> Tags, string Reason, Uri? OrderUrl);
