namespace LbAcme.Core.Origin;

/// <summary>How a stored certificate's <see cref="AcmeDirectoryTag"/> compares with the fleet's ACME directory.</summary>
public enum DirectoryMatch
{
    /// <summary>Issued through the fleet's directory.</summary>
    Same,

    /// <summary>Issued through another directory (another CA, or the other environment of the same CA).</summary>
    Other,

    /// <summary>No tag: written by a function version that did not tag, so the origin is not recorded.</summary>
    Untagged,
}
