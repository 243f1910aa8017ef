namespace LbAcme.Core.Origin;

/// <summary>
/// The tag naming the ACME directory a certificate was issued through: written by the renewal function on every
/// import (Key Vault tag, blob metadata), read by the engine (a changed directory re-issues) and by the sidecar (a
/// certificate from another directory is refused). Directories are compared in one canonical form — lower-case
/// scheme and host, the port only when not the scheme's default, the path without a trailing slash (its case kept:
/// paths are case-sensitive), no query or fragment — so "https://CA.example/dir/" and "https://ca.example/dir" are
/// one directory.
/// </summary>
public static class AcmeDirectoryTag
{
    /// <summary>The tag's name; also a valid blob metadata name (a C# identifier).</summary>
    public const string Name = "acmeDirectory";

    public static string Canonical(Uri directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!directory.IsAbsoluteUri)
        {
            throw new ArgumentException($"The ACME directory '{directory}' is not an absolute URL.", nameof(directory));
        }
        var authority = directory.IsDefaultPort ? directory.IdnHost : $"{directory.IdnHost}:{directory.Port}";
        var path = directory.AbsolutePath.TrimEnd('/');
        return $"{directory.Scheme.ToLowerInvariant()}://{authority.ToLowerInvariant()}{path}";
    }

    /// <summary>The tag's value for <paramref name="directory"/>, as stored (fitted to the store's tag length).</summary>
    public static string Value(Uri directory) => StoreTagValue.Fit(Canonical(directory));

    /// <summary>
    /// Whether the certificate with these tags came from <paramref name="directory"/>. A tag that is itself a URL is
    /// canonicalized too, so a value written by hand (or by a version that spelled it differently) still compares.
    /// </summary>
    public static DirectoryMatch Compare(IReadOnlyDictionary<string, string> tags, Uri directory)
    {
        if (Of(tags) is not { } tagged)
        {
            return DirectoryMatch.Untagged;
        }
        // A hashed value ("sha256:…") parses as a URL too; only an http(s) one is re-spelled.
        var canonical = Uri.TryCreate(tagged, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? Value(url) : tagged;
        return string.Equals(canonical, Value(directory), StringComparison.Ordinal) ? DirectoryMatch.Same : DirectoryMatch.Other;
    }

    /// <summary>The tag as stored, or null; tag names are matched ignoring case (blob metadata names are).</summary>
    public static string? Of(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var value = tags.FirstOrDefault(t => string.Equals(t.Key, Name, StringComparison.OrdinalIgnoreCase)).Value;
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
