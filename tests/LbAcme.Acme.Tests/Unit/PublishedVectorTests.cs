using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Jose;
using LbAcme.Core.Challenges;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>The test vectors the RFCs publish, so our encodings match everyone else's byte for byte.</summary>
public sealed class PublishedVectorTests
{
    // RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint.
    private const string Rfc7638Modulus =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6"
        + "4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9"
        + "1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    private const string Rfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    // RFC 9773 Appendix A: the example certificate and its ARI CertID.
    private const string Rfc9773Certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBQzCB66ADAgECAgUAh2VDITAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwpFeGFt
        cGxlIENBMCIYDzAwMDEwMTAxMDAwMDAwWhgPMDAwMTAxMDEwMDAwMDBaMBYxFDAS
        BgNVBAMTC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEeBZu
        7cbpAYNXZLbbh8rNIzuOoqOOtmxA1v7cRm//AwyMwWxyHz4zfwmBhcSrf47NUAFf
        qzLQ2PPQxdTXREYEnKMjMCEwHwYDVR0jBBgwFoAUaYhba4dGQEHhs3uEe6CuLN4B
        yNQwCgYIKoZIzj0EAwIDRwAwRAIge09+S5TZAlw5tgtiVvuERV6cT4mfutXIlwTb
        +FYN/8oCIClDsqBklhB9KAelFiYt9+6FDj3z4KGVelYM5MdsO3pK
        -----END CERTIFICATE-----
        """;

    [Fact]
    public void Base64url_matches_RFC7515_appendix_C()
    {
        byte[] octets = [3, 236, 255, 224, 193];

        Assert.Equal("A-z_4ME", Base64Url.Encode(octets));
        Assert.Equal(octets, Base64Url.Decode("A-z_4ME"));
    }

    [Theory]
    [InlineData("A-z_4ME=")]
    [InlineData("A+z/4ME")]
    [InlineData("A-z 4ME")]
    [InlineData("")]
    [InlineData("A")]
    public void Base64url_rejects_padding_standard_alphabet_and_junk(string text)
    {
        Assert.False(Base64Url.IsValid(text));
        Assert.Throws<FormatException>(() => Base64Url.Decode(text));
    }

    [Fact]
    public void Jwk_thumbprint_matches_RFC7638_section_3_1()
    {
        KeyValuePair<string, string>[] members = [new("n", Rfc7638Modulus), new("e", "AQAB"), new("kty", "RSA")];

        Assert.Equal(Rfc7638Thumbprint, JwkThumbprint.Compute(members));
    }

    [Fact]
    public void Key_authorization_is_token_dot_thumbprint_as_RFC8555_section_8_1_defines()
    {
        // The token of RFC 8555 §8.3's example.
        const string token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
        using var key = AcmeKey.Create(KeyType.EcP256);

        var keyAuthorization = AcmeClient.KeyAuthorization(key, token);

        Assert.Equal(token + "." + JwkThumbprint.Compute(key.PublicJwk), keyAuthorization);
        Assert.Equal(43, keyAuthorization.Split('.')[1].Length);
        Assert.True(KeyAuthorization.IsWellFormedFor(System.Text.Encoding.ASCII.GetBytes(keyAuthorization), token), "the sidecar's fan-out would not prefer what the engine writes");
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("tok%2fen")]
    [InlineData("")]
    public void Key_authorization_refuses_a_token_that_is_not_base64url(string token)
    {
        using var key = AcmeKey.Create(KeyType.EcP256);

        Assert.ThrowsAny<ArgumentException>(() => AcmeClient.KeyAuthorization(key, token));
    }

    [Fact]
    public void Key_authorization_refuses_a_token_longer_than_any_sidecar_serves()
    {
        using var key = AcmeKey.Create(KeyType.EcP256);

        // A CA's 129-character token would be stored but never served: the order is stopped before it starts.
        Assert.ThrowsAny<ArgumentException>(() => AcmeClient.KeyAuthorization(key, new string('a', ChallengeToken.MaxLength + 1)));
        Assert.StartsWith(new string('a', ChallengeToken.MaxLength) + ".", AcmeClient.KeyAuthorization(key, new string('a', ChallengeToken.MaxLength)), StringComparison.Ordinal);
    }

    [Fact]
    public void Ari_certificate_id_matches_RFC9773_appendix_A()
    {
        using var certificate = X509Certificate2.CreateFromPem(Rfc9773Certificate);

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AriCertificateId.Compute(certificate));
        Assert.True(AriCertificateId.IsWellFormed("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
    }

    [Theory]
    [InlineData("nodot")]
    [InlineData(".AIdlQyE")]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ.")]
    [InlineData("aYhb/a4dG.AIdlQyE")]
    public void Malformed_ari_ids_are_recognised(string id) => Assert.False(AriCertificateId.IsWellFormed(id));
}
