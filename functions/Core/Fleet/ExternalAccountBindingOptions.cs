namespace LbAcme.Core.Fleet;

/// <summary>RFC 8555 §7.3.4 external account binding: the key id and the base64url HMAC key the CA issued.</summary>
public sealed class ExternalAccountBindingOptions
{
    public string KeyId { get; set; } = "";

    public string HmacKey { get; set; } = "";
}
