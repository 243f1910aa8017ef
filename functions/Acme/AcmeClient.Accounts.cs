using LbAcme.Acme.Jose;
using LbAcme.Acme.Resources;

namespace LbAcme.Acme;

public sealed partial class AcmeClient
{
    /// <summary>RFC 8555 §7.3: creates the account, or returns the existing one for this key.</summary>
    public async Task<AcmeAccount> CreateAccountAsync(AcmeKey key, NewAccountRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        var directory = await GetDirectoryAsync(cancellationToken);
        var url = directory.NewAccount!;
        if (directory.Meta?.ExternalAccountRequired == true && request.ExternalAccountBinding is null)
        {
            throw new ArgumentException("This CA requires External Account Binding; set NewAccountRequest.ExternalAccountBinding.", nameof(request));
        }
        var eab = request.ExternalAccountBinding is { } binding ? SignBinding(binding, key, url) : null;
        var payload = new Dictionary<string, object?>
        {
            ["termsOfServiceAgreed"] = request.TermsOfServiceAgreed,
            ["contact"] = request.Contact,
        };
        if (eab is not null)
        {
            payload["externalAccountBinding"] = System.Text.Json.JsonDocument.Parse(eab).RootElement;
        }
        var response = await _transport.PostAsync(url, nonce => Jws.Sign(key, null, nonce, url, Serialize(payload)), "application/json", cancellationToken);
        var account = new AcmeAccount(response.RequireLocation(), key, response.ReadJson<AccountResource>());
        LogAccount(_logger, account.Location, response.StatusCode == System.Net.HttpStatusCode.Created ? "created" : "found");
        return account;
    }

    /// <summary>RFC 8555 §7.3.1: finds the account of this key without creating one; throws accountDoesNotExist otherwise.</summary>
    public async Task<AcmeAccount> FindAccountAsync(AcmeKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var url = (await GetDirectoryAsync(cancellationToken)).NewAccount!;
        var payload = Serialize(new { onlyReturnExisting = true });
        var response = await _transport.PostAsync(url, nonce => Jws.Sign(key, null, nonce, url, payload), "application/json", cancellationToken);
        return new AcmeAccount(response.RequireLocation(), key, response.ReadJson<AccountResource>());
    }

    /// <summary>RFC 8555 §7.3.2: replaces the contact list.</summary>
    public async Task<AcmeAccount> UpdateContactAsync(AcmeAccount account, IReadOnlyList<string> contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(contact);
        var response = await PostAsAccountAsync(account, account.Location, new { contact }, cancellationToken);
        return account with { Resource = response.ReadJson<AccountResource>() };
    }

    /// <summary>RFC 8555 §7.3.5: moves the account to <paramref name="newKey"/>; the returned account signs with it.</summary>
    public async Task<AcmeAccount> ChangeKeyAsync(AcmeAccount account, AcmeKey newKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(newKey);
        var url = (await GetDirectoryAsync(cancellationToken)).KeyChange!;
        var innerPayload = "{\"account\":" + System.Text.Json.JsonSerializer.Serialize(account.Location.AbsoluteUri)
            + ",\"oldKey\":" + account.Key.PublicJwkJson() + "}";
        // The inner JWS is signed by the new key, carries its jwk and no nonce (§7.3.5).
        var inner = Jws.Sign(newKey, accountUrl: null, nonce: null, url, innerPayload);
        await _transport.PostAsync(url, nonce => Jws.Sign(account.Key, account.Location, nonce, url, inner), "application/json", cancellationToken);
        LogKeyChanged(_logger, account.Location);
        return account with { Key = newKey };
    }

    /// <summary>RFC 8555 §7.3.6: deactivates the account for good.</summary>
    public async Task<AcmeAccount> DeactivateAccountAsync(AcmeAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var response = await PostAsAccountAsync(account, account.Location, new { status = AcmeStatus.Deactivated }, cancellationToken);
        return account with { Resource = response.ReadJson<AccountResource>() };
    }

    private static string SignBinding(ExternalAccountBinding binding, AcmeKey key, Uri newAccountUrl)
    {
        byte[] mac;
        try
        {
            mac = Base64Url.Decode(binding.HmacKeyBase64Url.TrimEnd('='));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The EAB HMAC key must be base64url.", nameof(binding), e);
        }
        return Jws.SignExternalAccountBinding(binding.KeyId, mac, key, newAccountUrl);
    }
}
