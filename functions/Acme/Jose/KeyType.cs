namespace LbAcme.Acme.Jose;

/// <summary>Key types for account keys and certificate keys. EC P-256 is the default everywhere.</summary>
public enum KeyType
{
    EcP256,
    EcP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}
