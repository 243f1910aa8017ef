namespace LbAcme.Sidecar.Challenges;

/// <summary>
/// The only tokens the sidecar looks up: base64url, 1–128 characters. Checked before any memory, disk or
/// peer access, so '..', '/', '%00' and oversized names never reach a path or a peer.
/// </summary>
internal static class ChallengeToken
{
    /// <summary>ACME tokens are at least 128 bits of base64url (22+ chars); Let's Encrypt's are 43.</summary>
    public const int MaxLength = 128;

    public const string PathPrefix = "/.well-known/acme-challenge/";

    public static bool IsValid(ReadOnlySpan<char> token)
    {
        if (token.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var c in token)
        {
            var ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

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
