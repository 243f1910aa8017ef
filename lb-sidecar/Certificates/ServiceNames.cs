using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Sidecar.Certificates;

/// <summary>Which required names a certificate's DNS SANs leave uncovered (a wildcard covers exactly one label).</summary>
internal static class ServiceNames
{
    public static IReadOnlyList<string> Uncovered(X509Certificate2 leaf, IReadOnlyList<string> required)
    {
        var sans = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .Select(n => n.ToLowerInvariant())
            .ToList();
        return required.Where(name => !sans.Any(san => Covers(san, name.ToLowerInvariant()))).ToList();
    }

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
