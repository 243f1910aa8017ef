using System.Globalization;
using System.Security.Cryptography.X509Certificates;

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
        var idn = new IdnMapping();
        var asciiNames = dnsNames.Select(n => idn.GetAscii(n.Trim().TrimEnd('.')).ToLowerInvariant()).Distinct().ToList();

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
