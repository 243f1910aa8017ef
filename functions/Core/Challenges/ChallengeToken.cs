using LbAcme.Core.Text;

namespace LbAcme.Core.Challenges;

/// <summary>
/// An HTTP-01 token as every part handles it: base64url, 1–128 characters, served under <see cref="PathPrefix"/>.
/// The engine refuses any other token from a CA before it computes or stores anything, and the sidecar checks it
/// before any memory, disk or peer access, so '..', '/', '%00' and oversized names never reach a blob name, a
/// path or a peer — and a token the engine accepts is one the sidecar will serve.
/// </summary>
public static class ChallengeToken
{
    /// <summary>ACME tokens are at least 128 bits of base64url (22+ chars); Let's Encrypt's are 43.</summary>
    public const int MaxLength = 128;

    /// <summary>RFC 8555 §8.3: where the CA asks for a token's key authorization.</summary>
    public const string PathPrefix = "/.well-known/acme-challenge/";

    /// <summary>The request path of <paramref name="token"/> (already valid: see <see cref="IsValid"/>).</summary>
    public static string PathOf(string token) => PathPrefix + token;

    public static bool IsValid(ReadOnlySpan<char> token) =>
        token.Length is > 0 and <= MaxLength && Base64UrlAlphabet.ContainsOnly(token);

    /// <summary>True when <paramref name="path"/> is under the challenge prefix; <paramref name="token"/> is the rest, unchecked.</summary>
    public static bool TryGetFromPath(string? path, out string token)
    {
        if (path is not null && path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            token = path[PathPrefix.Length..];
            return true;
        }
        token = "";
        return false;
    }
}
