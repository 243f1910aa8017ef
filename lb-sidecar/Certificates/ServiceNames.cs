using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Names;

namespace LbAcme.Sidecar.Certificates;

/// <summary>Which required names a certificate's DNS SANs leave uncovered (a wildcard covers exactly one label).</summary>
internal static class ServiceNames
{
    public static IReadOnlyList<string> Uncovered(X509Certificate2 leaf, IReadOnlyList<string> required)
    {
        var sans = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .Select(n => n.StartsWith("*.", StringComparison.Ordinal) ? "*." + Canonical(n[2..]) : Canonical(n))
            .ToList();
        return required.Where(name =>
        {
            var canonical = Canonical(name);
            return !sans.Any(san => Covers(san, canonical));
        }).ToList();
    }

    /// <summary>A SAN as issued, or a required name, in the one canonical form; what has none is compared as it is.</summary>
    private static string Canonical(string name) => DnsName.Normalize(name) ?? name;

    private static bool Covers(string san, string name)
    {
        if (san == name)
        {
            return true;
        }
        if (!san.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && name[(dot + 1)..] == san[2..];
    }
}
