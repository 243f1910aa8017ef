using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Certificates;

/// <summary>The current version of a stored certificate without its key: enough to decide on renewal.</summary>
public sealed record StoredCertificateInfo(string Name, string Version, X509Certificate2 Leaf, IReadOnlyDictionary<string, string> Tags);

/// <summary>The current version of a stored certificate with key and chain, as a PEM bundle.</summary>
public sealed record StoredCertificate(string Name, string Version, string Pem, IReadOnlyDictionary<string, string> Tags);
