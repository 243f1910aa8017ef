using LbAcme.Acme.Jose;

namespace LbAcme.Acme.Certificates;

/// <summary>What a finished order yields: the fresh key, the chain the CA sent, and where it came from.</summary>
public sealed record IssuedCertificate(AcmeKey Key, CertificateChain Chain, Uri OrderUrl, Uri CertificateUrl, IReadOnlyList<Uri> AlternateChainUrls);
