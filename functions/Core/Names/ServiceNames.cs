using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Core.Names;

/// <summary>
/// Which required names a certificate's DNS SANs leave uncovered (a wildcard covers exactly one label): the rule the
/// sidecar deploys by and the served-certificate probe reports by.
/// </summary>
public static class ServiceNames
{
    /// <summary>The leaf's DNS SANs as issued.</summary>
    public static IEnumerable<string> DnsNames(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
    }

    public static IReadOnlyList<string> Uncovered(X509Certificate2 leaf, IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        var sans = DnsNames(leaf)
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
