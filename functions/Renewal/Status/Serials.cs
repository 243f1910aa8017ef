namespace LbAcme.Renewal.Status;

/// <summary>Certificate serials as hex text from different readers: the same number whatever the case or leading zeros.</summary>
public static class Serials
{
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Normal(a), Normal(b), StringComparison.OrdinalIgnoreCase);

    private static string Normal(string serial) => serial.Replace(":", "", StringComparison.Ordinal).TrimStart('0');
}
