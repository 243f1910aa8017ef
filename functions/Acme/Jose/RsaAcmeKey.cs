using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Jose;

internal sealed class RsaAcmeKey : AcmeKey
{
    private readonly RSA _key;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _jwk;

    public RsaAcmeKey(RSA key)
    {
        _key = key;
        KeyType = key.KeySize switch
        {
            2048 => KeyType.Rsa2048,
            3072 => KeyType.Rsa3072,
            4096 => KeyType.Rsa4096,
            _ => throw new NotSupportedException($"RSA keys of {key.KeySize} bits are not supported; use 2048, 3072 or 4096."),
        };
        var p = key.ExportParameters(includePrivateParameters: false);
        _jwk =
        [
            new("e", Base64Url.Encode(p.Exponent)),
            new("kty", "RSA"),
            new("n", Base64Url.Encode(p.Modulus)),
        ];
    }

    public override string Algorithm => "RS256";

    public override KeyType KeyType { get; }

    public override IReadOnlyList<KeyValuePair<string, string>> PublicJwk => _jwk;

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public override string ExportPkcs8Pem() => _key.ExportPkcs8PrivateKeyPem();

    public override byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    public override byte[] CreateCsr(IReadOnlyList<string> dnsNames) =>
        CsrBuilder.Build(dnsNames, names => new CertificateRequest(names, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public override X509Certificate2 AttachTo(X509Certificate2 certificate) => certificate.CopyWithPrivateKey(_key);

    public override void Dispose() => _key.Dispose();
}
