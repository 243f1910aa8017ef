using LbAcme.Core.Text;

namespace LbAcme.Acme.Jose;

/// <summary>RFC 7515 §2 base64url without padding, the only encoding JOSE and ACME use.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsValid(text))
        {
            throw new FormatException("Not base64url: only A-Z a-z 0-9 - _ without padding are allowed.");
        }
        return System.Buffers.Text.Base64Url.DecodeFromChars(text);
    }

    /// <summary>True when <paramref name="text"/> is non-empty and uses only the base64url alphabet (no padding).</summary>
    public static bool IsValid(ReadOnlySpan<char> text) =>
        !text.IsEmpty && text.Length % 4 != 1 && Base64UrlAlphabet.ContainsOnly(text);
}
