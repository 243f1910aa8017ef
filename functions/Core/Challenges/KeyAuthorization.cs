using LbAcme.Core.Text;

namespace LbAcme.Core.Challenges;

/// <summary>
/// RFC 8555 §8.1: keyAuthorization = token || '.' || base64url(SHA-256 JWK thumbprint of the account key). The engine
/// writes them (<see cref="Of"/>), the sidecar serves them, and <see cref="IsWellFormedFor"/> tells the sidecar's
/// fan-out which peer answer is one — so a peer answering an empty body or another token's key authorization
/// cannot win over a peer that holds the real one.
/// </summary>
public static class KeyAuthorization
{
    /// <summary>A SHA-256 digest (32 bytes) in unpadded base64url.</summary>
    public const int ThumbprintLength = 43;

    /// <summary>Trailing bytes a webroot file written by another tool may carry; a CA ignores them too.</summary>
    private static ReadOnlySpan<byte> TrailingWhitespace => " \t\r\n"u8;

    /// <summary>The key authorization of <paramref name="token"/> for the account whose JWK thumbprint is <paramref name="thumbprint"/>.</summary>
    public static string Of(string token, string thumbprint)
    {
        if (!ChallengeToken.IsValid(token))
        {
            throw new ArgumentException($"A challenge token must be 1-{ChallengeToken.MaxLength} base64url characters.", nameof(token));
        }
        if (thumbprint.Length != ThumbprintLength || !Base64UrlAlphabet.ContainsOnly(thumbprint))
        {
            throw new ArgumentException($"A JWK thumbprint is {ThumbprintLength} base64url characters (SHA-256).", nameof(thumbprint));
        }
        return token + "." + thumbprint;
    }

    /// <summary>
    /// True when <paramref name="answer"/> (ASCII as served) is <paramref name="token"/>, '.', and a thumbprint-shaped
    /// 43 base64url characters, optionally followed by whitespace. Which account's thumbprint it is cannot be told
    /// from here; the shape alone already refuses empty bodies, pages, and other tokens' key authorizations.
    /// </summary>
    public static bool IsWellFormedFor(ReadOnlySpan<byte> answer, ReadOnlySpan<char> token)
    {
        var trimmed = answer.TrimEnd(TrailingWhitespace);
        if (trimmed.Length != token.Length + 1 + ThumbprintLength || trimmed[token.Length] != (byte)'.')
        {
            return false;
        }
        for (var i = 0; i < token.Length; i++)
        {
            if (trimmed[i] != token[i])
            {
                return false;
            }
        }
        return Base64UrlAlphabet.ContainsOnly(trimmed[(token.Length + 1)..]);
    }
}
