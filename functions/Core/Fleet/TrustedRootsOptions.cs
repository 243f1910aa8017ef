namespace LbAcme.Core.Fleet;

/// <summary>
/// The CAs a deployed certificate's chain must lead to (section <c>Fleet:TrustedRoots</c>): a second lock behind
/// the certificate store, so a self-consistent chain from anyone else is never served. A Let's Encrypt production
/// fleet needs no setting (ISRG Root X1/X2 from the system trust store, by SPKI pin); a Let's Encrypt staging fleet
/// names a file holding the staging roots (they are in no system store); any other CA (Pebble, a private ACME CA)
/// must be configured. See <see cref="LetsEncrypt"/> for the built-in pins.
/// </summary>
public sealed class TrustedRootsOptions
{
    /// <summary>
    /// A PEM file of CA certificates. Default: the system bundle (<see cref="LetsEncrypt.SystemBundlePath"/>),
    /// usable only with pins (a Let's Encrypt directory's built-in ones, or <see cref="SpkiSha256"/>).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Base64 SHA-256 hashes of SubjectPublicKeyInfo: only certificates of <see cref="Path"/> (or the system bundle)
    /// with one of these keys are trusted. Default: the Let's Encrypt directory's roots; none for any other CA.
    /// </summary>
    public List<string> SpkiSha256 { get; set; } = [];
}
