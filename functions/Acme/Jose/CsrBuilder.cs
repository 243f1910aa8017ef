using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Names;

namespace LbAcme.Acme.Jose;

/// <summary>The CSR RFC 8555 §7.4 asks for: every name as a dNSName SAN; the first also as CN for old consumers.</summary>
internal static class CsrBuilder
{
    public static byte[] Build(IReadOnlyList<string> dnsNames, Func<X500DistinguishedName, CertificateRequest> newRequest)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        if (dnsNames.Count == 0)
        {
            throw new ArgumentException("A CSR needs at least one DNS name.", nameof(dnsNames));
        }
        var asciiNames = new List<string>();
        foreach (var name in dnsNames)
        {
            if (!DnsName.TryNormalize(name, out var canonical, out var problem))
            {
                throw new ArgumentException($"'{name}' {problem}.", nameof(dnsNames));
            }
            if (!asciiNames.Contains(canonical))
            {
                asciiNames.Add(canonical);
            }
        }

        // A CN is limited to 64 characters (RFC 5280); longer names live only in the SAN.
        var subject = asciiNames[0].Length <= 64
            ? new X500DistinguishedName($"CN={asciiNames[0]}")
            : new X500DistinguishedName(string.Empty);
        var request = newRequest(subject);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in asciiNames)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
