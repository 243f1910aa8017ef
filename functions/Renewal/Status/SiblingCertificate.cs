namespace LbAcme.Renewal.Status;

/// <summary>
/// Another fleet certificate whose issued or deployed serial an address presented: the names it carries, and what it is
/// judged against when the SNI is one of them too (two certificates that share a name, AllowNameOverlap).
/// </summary>
internal sealed record SiblingCertificate(string Certificate, IReadOnlyList<string> Names, RolloutTarget Target)
{
    /// <summary>Finds the sibling a serial belongs to, or null (a stranger's serial, or the certificate's own).</summary>
    public delegate SiblingCertificate? Lookup(string serial);

    public static Lookup None { get; } = _ => null;
}
