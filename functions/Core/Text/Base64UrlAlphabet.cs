using System.Buffers;

namespace LbAcme.Core.Text;

/// <summary>RFC 4648 §5: the base64url alphabet, which ACME tokens, nonces and JOSE fields are written in.</summary>
public static class Base64UrlAlphabet
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly SearchValues<char> Characters = SearchValues.Create(Alphabet);

    private static readonly SearchValues<byte> AsciiBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(Alphabet));

    /// <summary>True when every character of <paramref name="text"/> is in the alphabet (no padding); true for empty text.</summary>
    public static bool ContainsOnly(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Characters);

    /// <summary>The same check on ASCII bytes as they come off the wire.</summary>
    public static bool ContainsOnly(ReadOnlySpan<byte> ascii) => !ascii.ContainsAnyExcept(AsciiBytes);
}
