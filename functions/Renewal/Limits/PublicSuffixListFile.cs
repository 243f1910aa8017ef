namespace LbAcme.Renewal.Limits;

/// <summary>
/// Where the Public Suffix List is read from, once per process: a copy published beside the app (the build copies
/// Debian's file when the machine has it), else Debian's `publicsuffix` package itself.
/// </summary>
public static class PublicSuffixListFile
{
    /// <summary>Where Debian's `publicsuffix` package installs the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private static readonly Lazy<PublicSuffixList> Shared = new(() => Load(Candidates()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The list, read on first use; a missing or unreadable file is an error naming where it was looked for.</summary>
    public static PublicSuffixList Default => Shared.Value;

    /// <summary>The copy beside the app first (it travels with a deployment), then Debian's.</summary>
    public static IReadOnlyList<string> Candidates() =>
        [Path.Combine(AppContext.BaseDirectory, "publicsuffix", "public_suffix_list.dat"), DebianPath];

    /// <summary>Reads the first of <paramref name="paths"/> that exists, refusing a file larger than <see cref="PublicSuffixList.MaxBytes"/>.</summary>
    public static PublicSuffixList Load(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = paths.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The Public Suffix List was not found at {string.Join(" or ", paths)}. Registered domains (Let's Encrypt's per-domain limit) "
                + "cannot be told without it: install Debian's publicsuffix package (apt-get install publicsuffix), or publish the list "
                + "beside the app as publicsuffix/public_suffix_list.dat.", paths.Count > 0 ? paths[^1] : null);
        var length = new FileInfo(path).Length;
        if (length > PublicSuffixList.MaxBytes)
        {
            throw new InvalidDataException($"{path} is {length} bytes, more than the {PublicSuffixList.MaxBytes} a Public Suffix List may be.");
        }
        using var reader = new StreamReader(path);
        return PublicSuffixList.Parse(reader);
    }
}
