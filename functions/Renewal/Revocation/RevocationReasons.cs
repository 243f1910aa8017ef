using System.Diagnostics.CodeAnalysis;
using LbAcme.Acme.Resources;

namespace LbAcme.Renewal.Revocation;

/// <summary>
/// The RFC 5280 §5.3.1 reason names an operator may give ("keyCompromise", ...), spelled as the RFC spells them, for
/// the reasons Let's Encrypt accepts from a subscriber (<see cref="RevocationReason"/>).
/// </summary>
public static class RevocationReasons
{
    private static readonly Dictionary<string, RevocationReason> ByName = Enum.GetValues<RevocationReason>()
        .ToDictionary(Name, r => r, StringComparer.Ordinal);

    /// <summary>Every accepted name, in code order, for help text and error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<RevocationReason>().OrderBy(r => (int)r).Select(Name)];

    /// <summary>The RFC's name: the enum member in camelCase ("KeyCompromise" → "keyCompromise").</summary>
    public static string Name(RevocationReason reason) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    public static bool TryParse(string? name, [NotNullWhen(true)] out RevocationReason? reason)
    {
        reason = name is not null && ByName.TryGetValue(name, out var found) ? found : null;
        return reason is not null;
    }
}
