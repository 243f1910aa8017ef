namespace LbAcme.Core.Fleet;

/// <summary>The certificate key types a fleet may ask for; strings so fleet.json stays readable.</summary>
public static class FleetKeyTypes
{
    public const string EcP256 = "EcP256";
    public const string EcP384 = "EcP384";
    public const string Rsa2048 = "Rsa2048";
    public const string Rsa3072 = "Rsa3072";
    public const string Rsa4096 = "Rsa4096";

    public static IReadOnlyList<string> All { get; } = [EcP256, EcP384, Rsa2048, Rsa3072, Rsa4096];
}
