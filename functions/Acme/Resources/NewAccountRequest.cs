namespace LbAcme.Acme.Resources;

/// <summary>What to send in newAccount; <see cref="ExternalAccountBinding"/> when the CA requires EAB.</summary>
public sealed record NewAccountRequest
{
    public IReadOnlyList<string> Contact { get; init; } = [];

    public bool TermsOfServiceAgreed { get; init; } = true;

    public ExternalAccountBinding? ExternalAccountBinding { get; init; }
}

/// <summary>EAB credentials a CA hands out: a key id and a base64url HMAC key.</summary>
public sealed record ExternalAccountBinding(string KeyId, string HmacKeyBase64Url);
