namespace LbAcme.Acme.Resources;

/// <summary>RFC 8555 §9.7.7 identifier; lb-acme only orders "dns" names.</summary>
public sealed record AcmeIdentifier(string Type, string Value)
{
    public static AcmeIdentifier Dns(string name) => new("dns", name);
}
