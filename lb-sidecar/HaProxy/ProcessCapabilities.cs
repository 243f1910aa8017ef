using System.Globalization;

namespace LbAcme.Sidecar.HaProxy;

/// <summary>
/// The Linux capabilities a PEM owner other than the process itself needs, and whether this process has them
/// (its effective set, "CapEff" in /proc/self/status): a unit without them fails every deploy otherwise.
/// </summary>
internal static class ProcessCapabilities
{
    /// <summary>chown(2) of the temp file to the configured owner.</summary>
    public const string Chown = "CAP_CHOWN";

    /// <summary>Reading the PEM back (deployed serial at start, the ".previous" rollback copy) once another user owns it with mode 0600.</summary>
    public const string DacReadSearch = "CAP_DAC_READ_SEARCH";

    private const int ChownBit = 0;
    private const int DacOverrideBit = 1;
    private const int DacReadSearchBit = 2;

    /// <summary>What writing files owned by <paramref name="owner"/> needs, for a process running as <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static IReadOnlyList<string> Needed(FileOwner owner, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var needed = new List<string>();
        if (owner.UserId != uid || owner.GroupId != gid)
        {
            needed.Add(Chown);
        }
        if (owner.UserId != uid)
        {
            needed.Add(DacReadSearch);
        }
        return needed;
    }

    /// <summary>The ones of <paramref name="needed"/> missing from <paramref name="effective"/> (CAP_DAC_OVERRIDE also reads any file).</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<string> needed, ulong effective) =>
        [.. needed.Where(capability => capability switch
        {
            Chown => !Has(effective, ChownBit),
            DacReadSearch => !Has(effective, DacReadSearchBit) && !Has(effective, DacOverrideBit),
            _ => true,
        })];

    /// <summary>This process's effective capabilities; null where /proc does not say (not Linux).</summary>
    public static ulong? Effective(string statusPath = "/proc/self/status")
    {
        if (!File.Exists(statusPath))
        {
            return null;
        }
        foreach (var line in File.ReadLines(statusPath))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan("CapEff:".Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var effective))
            {
                return effective;
            }
        }
        return null;
    }

    private static bool Has(ulong effective, int bit) => (effective & (1UL << bit)) != 0;
}
