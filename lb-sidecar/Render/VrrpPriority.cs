using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// Who holds which VIP, in a form that survives adding and removing LBs. The rotation is
/// <c>Fleet:Keepalived:Rotation</c> (LB names) or, when that is empty, the names of <c>Fleet:LoadBalancers</c> in
/// order; R is its length. On VIP j (its index in <c>Fleet:Vips</c>):
/// <list type="bullet">
/// <item>the LB at rotation position k has rank (k - j) mod R: VIP j's home is position j mod R, its backups the
/// positions after it, wrapping around;</item>
/// <item>an LB not in the rotation has rank R + its index among such LBs (in list order): a backup of last resort
/// on every VIP;</item>
/// <item>priority = 254 - rank: 1-254 as keepalived wants, distinct per VIP.</item>
/// </list>
/// The rank depends on j, the LB's own position and R, never on how many LBs there are, so with the rotation
/// pinned an added LB (outside it) changes no existing priority, and a removed one (its name left in the rotation)
/// only leaves a gap: its VIPs go to their next rotation entry as before and every other VIP stays. Written from
/// scratch (no rotation), VIP j lives on LB j mod N, so VIPs spread evenly; with no more VIPs than LBs, appending
/// an LB to an unpinned fleet moves no home either (j mod N = j mod (N + 1) for every j &lt; N).
/// </summary>
internal static class VrrpPriority
{
    public const int Top = 254;

    /// <summary>The rotation as configured, or every LB in list order.</summary>
    public static IReadOnlyList<string> Rotation(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return fleet.Keepalived.Rotation.Count > 0 ? fleet.Keepalived.Rotation : [.. fleet.LoadBalancers.Select(lb => lb.Name)];
    }

    /// <summary>The priority of the LB called <paramref name="lb"/> (one of Fleet:LoadBalancers) on VIP <paramref name="vipIndex"/>.</summary>
    public static int For(FleetOptions fleet, string lb, int vipIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vipIndex);
        var rotation = Rotation(fleet);
        var position = IndexOf(rotation, lb);
        if (position >= 0)
        {
            return Top - (((position - vipIndex) % rotation.Count) + rotation.Count) % rotation.Count;
        }
        var outside = fleet.LoadBalancers.Select(l => l.Name).Where(name => IndexOf(rotation, name) < 0).ToList();
        var extra = outside.IndexOf(lb);
        if (extra < 0)
        {
            throw new ArgumentException($"'{lb}' is not in Fleet:LoadBalancers", nameof(lb));
        }
        return Top - rotation.Count - extra;
    }

    /// <summary>The lowest rank in use, so the validation can keep every priority at 1 or more.</summary>
    public static int LowestRank(FleetOptions fleet)
    {
        var rotation = Rotation(fleet);
        return rotation.Count + fleet.LoadBalancers.Count(l => IndexOf(rotation, l.Name) < 0) - 1;
    }

    private static int IndexOf(IReadOnlyList<string> rotation, string name)
    {
        for (var i = 0; i < rotation.Count; i++)
        {
            if (string.Equals(rotation[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
