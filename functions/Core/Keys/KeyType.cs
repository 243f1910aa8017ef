namespace LbAcme.Core.Keys;

/// <summary>
/// Key types for account keys and certificate keys, one enum for the fleet description, the ACME client and the
/// stores. EC P-256 is the default everywhere. The member names are what fleet.json and every JSON document say.
/// </summary>
public enum KeyType
{
    EcP256,
    EcP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}
