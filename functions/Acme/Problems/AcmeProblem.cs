using System.Text.Json.Serialization;
using LbAcme.Acme.Resources;

namespace LbAcme.Acme.Problems;

/// <summary>An RFC 7807 problem document as ACME uses it (RFC 8555 §6.7), subproblems included.</summary>
public sealed record AcmeProblem
{
    public const string AcmeErrorPrefix = "urn:ietf:params:acme:error:";

    public string Type { get; init; } = "about:blank";

    public string? Detail { get; init; }

    public int? Status { get; init; }

    public string? Instance { get; init; }

    public AcmeIdentifier? Identifier { get; init; }

    public IReadOnlyList<AcmeProblem> Subproblems { get; init; } = [];

    /// <summary>The ACME error name ("rateLimited", "badNonce", ...) or the full type when not an ACME error.</summary>
    [JsonIgnore]
    public string ErrorType => Type.StartsWith(AcmeErrorPrefix, StringComparison.Ordinal) ? Type[AcmeErrorPrefix.Length..] : Type;

    public override string ToString()
    {
        var text = Detail is null ? ErrorType : $"{ErrorType}: {Detail}";
        if (Identifier is not null)
        {
            text = $"{text} [{Identifier.Value}]";
        }
        return Subproblems.Count == 0 ? text : $"{text} ({string.Join("; ", Subproblems)})";
    }
}
