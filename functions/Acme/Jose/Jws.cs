using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LbAcme.Acme.Jose;

/// <summary>
/// Builds JWS in the flattened JSON serialization RFC 8555 §6.2 requires. The protected header carries
/// either the account URL ("kid") or the public key ("jwk"), never both.
/// </summary>
public static class Jws
{
    /// <summary>Signs <paramref name="payloadJson"/> (null for POST-as-GET's empty payload).</summary>
    public static string Sign(AcmeKey key, Uri? accountUrl, string? nonce, Uri url, string? payloadJson)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(url);
        var header = new StringBuilder();
        header.Append("{\"alg\":").Append(JsonSerializer.Serialize(key.Algorithm));
        if (accountUrl is null)
        {
            header.Append(",\"jwk\":").Append(key.PublicJwkJson());
        }
        else
        {
            header.Append(",\"kid\":").Append(JsonSerializer.Serialize(accountUrl.AbsoluteUri));
        }
        if (nonce is not null)
        {
            header.Append(",\"nonce\":").Append(JsonSerializer.Serialize(nonce));
        }
        header.Append(",\"url\":").Append(JsonSerializer.Serialize(url.AbsoluteUri)).Append('}');
        return Flatten(header.ToString(), payloadJson, key.Sign);
    }

    /// <summary>RFC 8555 §7.3.4: the External Account Binding, an HS256 JWS over the account's public JWK.</summary>
    public static string SignExternalAccountBinding(string eabKeyId, byte[] macKey, AcmeKey accountKey, Uri newAccountUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(eabKeyId);
        ArgumentNullException.ThrowIfNull(macKey);
        ArgumentNullException.ThrowIfNull(accountKey);
        ArgumentNullException.ThrowIfNull(newAccountUrl);
        var header = "{\"alg\":\"HS256\",\"kid\":" + JsonSerializer.Serialize(eabKeyId)
            + ",\"url\":" + JsonSerializer.Serialize(newAccountUrl.AbsoluteUri) + "}";
        return Flatten(header, accountKey.PublicJwkJson(), data => HMACSHA256.HashData(macKey, data));
    }

    private delegate byte[] Signer(ReadOnlySpan<byte> data);

    private static string Flatten(string headerJson, string? payloadJson, Signer sign)
    {
        var protectedB64 = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson));
        var payloadB64 = payloadJson is null ? string.Empty : Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson));
        var signature = sign(Encoding.ASCII.GetBytes(protectedB64 + "." + payloadB64));
        return "{\"protected\":\"" + protectedB64 + "\",\"payload\":\"" + payloadB64
            + "\",\"signature\":\"" + Base64Url.Encode(signature) + "\"}";
    }
}
