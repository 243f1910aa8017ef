using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LbAcme.Acme.Jose;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>The JWS we send verifies with the key it claims, and carries kid or jwk as RFC 8555 §6.2 requires.</summary>
public sealed class JwsTests
{
    private static readonly Uri Url = new("https://ca.example/acme/new-order");

    [Theory]
    [InlineData(KeyType.EcP256, "ES256")]
    [InlineData(KeyType.EcP384, "ES384")]
    [InlineData(KeyType.Rsa2048, "RS256")]
    public void A_new_account_request_carries_the_jwk_and_its_signature_verifies(KeyType keyType, string alg)
    {
        using var key = AcmeKey.Create(keyType);

        var (header, payload, signingInput, signature) = Decode(Jws.Sign(key, null, "nonce-1", Url, "{\"a\":1}"));

        Assert.Equal(alg, header.GetProperty("alg").GetString());
        Assert.Equal("nonce-1", header.GetProperty("nonce").GetString());
        Assert.Equal(Url.AbsoluteUri, header.GetProperty("url").GetString());
        Assert.False(header.TryGetProperty("kid", out _));
        Assert.Equal(key.Thumbprint(), JwkThumbprint.Compute(header.GetProperty("jwk").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!))));
        Assert.Equal("{\"a\":1}", payload);
        Assert.True(Verify(key, signingInput, signature));
    }

    [Fact]
    public void An_account_request_carries_kid_not_jwk_and_post_as_get_has_an_empty_payload()
    {
        using var key = AcmeKey.Create(KeyType.EcP256);
        var account = new Uri("https://ca.example/acme/acct/7");

        var jws = JsonDocument.Parse(Jws.Sign(key, account, "n", Url, payloadJson: null)).RootElement;
        var (header, _, _, _) = Decode(jws.GetRawText());

        Assert.Equal(account.AbsoluteUri, header.GetProperty("kid").GetString());
        Assert.False(header.TryGetProperty("jwk", out _));
        Assert.Equal(string.Empty, jws.GetProperty("payload").GetString());
    }

    [Fact]
    public void External_account_binding_is_an_HS256_mac_over_the_account_jwk()
    {
        using var key = AcmeKey.Create(KeyType.EcP256);
        var mac = RandomNumberGenerator.GetBytes(32);

        var (header, payload, signingInput, signature) = Decode(Jws.SignExternalAccountBinding("kid-9", mac, key, Url));

        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("kid-9", header.GetProperty("kid").GetString());
        Assert.False(header.TryGetProperty("nonce", out _));
        Assert.Equal(key.PublicJwkJson(), payload);
        Assert.Equal(HMACSHA256.HashData(mac, signingInput), signature);
    }

    [Fact]
    public void A_key_survives_a_PEM_round_trip_with_the_same_thumbprint()
    {
        using var ec = AcmeKey.Create(KeyType.EcP384);
        using var rsa = AcmeKey.Create(KeyType.Rsa2048);

        using var ecBack = AcmeKey.FromPem(ec.ExportPkcs8Pem());
        using var rsaBack = AcmeKey.FromPem(rsa.ExportPkcs8Pem());

        Assert.Equal(ec.Thumbprint(), ecBack.Thumbprint());
        Assert.Equal(rsa.Thumbprint(), rsaBack.Thumbprint());
        Assert.Equal(KeyType.Rsa2048, rsaBack.KeyType);
    }

    [Fact]
    public void A_PEM_without_a_private_key_is_a_clear_format_error()
    {
        var error = Assert.Throws<FormatException>(() => AcmeKey.FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"));

        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }

    private static (JsonElement Header, string Payload, byte[] SigningInput, byte[] Signature) Decode(string jws)
    {
        var root = JsonDocument.Parse(jws).RootElement;
        var protectedB64 = root.GetProperty("protected").GetString()!;
        var payloadB64 = root.GetProperty("payload").GetString()!;
        var header = JsonDocument.Parse(Base64Url.Decode(protectedB64)).RootElement;
        var payload = payloadB64.Length == 0 ? string.Empty : Encoding.UTF8.GetString(Base64Url.Decode(payloadB64));
        return (header, payload, Encoding.ASCII.GetBytes(protectedB64 + "." + payloadB64), Base64Url.Decode(root.GetProperty("signature").GetString()!));
    }

    private static bool Verify(AcmeKey key, byte[] data, byte[] signature)
    {
        var spki = key.ExportSubjectPublicKeyInfo();
        if (key.Algorithm.StartsWith("ES", StringComparison.Ordinal))
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            var hash = key.Algorithm == "ES384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
            return ec.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(spki, out _);
        return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
