using System.Text.RegularExpressions;

namespace LbAcme.Certificates;

/// <summary>
/// The rule every store name obeys (the names themselves come from <c>FleetCertificates.StoreName</c>). Key Vault
/// allows 1–127 of [0-9a-zA-Z-]; we hold the Blob store to the same rule so names move between stores unchanged.
/// </summary>
public static partial class CertificateName
{
    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Valid();

    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Valid().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid certificate name: use 1-127 letters, digits and '-'.", nameof(name));
        }
        return name;
    }
}
