using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LbAcme.Certificates.KeyVault;

/// <summary>
/// A certificate's secret value is PEM when the policy said PEM, else base64 PKCS#12. Operators may import
/// certificates by hand in either form; both become the same PEM bundle.
/// </summary>
internal static class SecretValue
{
    public const string PemContentType = "application/x-pem-file";
    public const string Pkcs12ContentType = "application/x-pkcs12";

    public static string ToPem(string value, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (contentType != Pkcs12ContentType)
        {
            return value;
        }
        byte[] pfx;
        try
        {
            pfx = Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw new FormatException("The PKCS#12 secret is not base64.", e);
        }
        var collection = X509CertificateLoader.LoadPkcs12Collection(pfx, password: null, X509KeyStorageFlags.Exportable);
        try
        {
            var leaf = collection.FirstOrDefault(c => c.HasPrivateKey) ?? throw new FormatException("The PKCS#12 secret holds no private key.");
            var pem = new StringBuilder(leaf.ExportCertificatePem()).Append('\n');
            foreach (var other in collection.Where(c => !ReferenceEquals(c, leaf)))
            {
                pem.Append(other.ExportCertificatePem()).Append('\n');
            }
            using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)leaf.GetECDsaPrivateKey() ?? leaf.GetRSAPrivateKey()
                ?? throw new FormatException("The PKCS#12 key is neither EC nor RSA.");
            return pem.Append(key.ExportPkcs8PrivateKeyPem()).Append('\n').ToString();
        }
        finally
        {
            foreach (var c in collection)
            {
                c.Dispose();
            }
        }
    }
}
