namespace LbAcme.Acme.Certificates;

/// <summary>A chain fetched from a certificate URL, with the alternate chains the CA offered (RFC 8555 §7.4.2).</summary>
public sealed record DownloadedChain(CertificateChain Chain, IReadOnlyList<Uri> AlternateChainUrls);
