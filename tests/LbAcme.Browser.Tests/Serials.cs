namespace LbAcme.Browser.Tests;

/// <summary>A serial as hex digits only: the page may group it with colons or print it in lower case.</summary>
internal static class Serials
{
    public static string Normalize(string serial) =>
        serial.Replace(":", string.Empty, StringComparison.Ordinal).Trim().TrimStart('0').ToUpperInvariant();
}
