using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Jose;

internal sealed class EcAcmeKey : AcmeKey
{
    private readonly ECDsa _key;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _jwk;

    public EcAcmeKey(ECDsa key)
    {
        _key = key;
        var p = key.ExportParameters(includePrivateParameters: false);
        (KeyType, Algorithm, var crv) = key.KeySize switch
        {
            256 => (KeyType.EcP256, "ES256", "P-256"),
            384 => (KeyType.EcP384, "ES384", "P-384"),
            _ => throw new NotSupportedException($"EC keys on a {key.KeySize}-bit curve are not supported; use P-256 or P-384."),
        };
        _jwk =
        [
            new("crv", crv),
            new("kty", "EC"),
            new("x", Base64Url.Encode(p.Q.X)),
            new("y", Base64Url.Encode(p.Q.Y)),
        ];
    }

    public override string Algorithm { get; }

    public override KeyType KeyType { get; }

    public override IReadOnlyList<KeyValuePair<string, string>> PublicJwk => _jwk;

    private HashAlgorithmName Hash => KeyType == KeyType.EcP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    // JWS wants the fixed-width r||s form (RFC 7518 §3.4), which is .NET's default for ECDsa.
    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public override string ExportPkcs8Pem() => _key.ExportPkcs8PrivateKeyPem();

    public override byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    public override byte[] CreateCsr(IReadOnlyList<string> dnsNames) =>
        CsrBuilder.Build(dnsNames, names => new CertificateRequest(names, _key, Hash));

    public override X509Certificate2 AttachTo(X509Certificate2 certificate) => certificate.CopyWithPrivateKey(_key);

    public override void Dispose() => _key.Dispose();
}
