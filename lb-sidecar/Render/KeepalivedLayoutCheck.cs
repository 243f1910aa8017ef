using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// What <c>render keepalived</c> needs beyond <see cref="LbConfigValidation.ValidateKeepalived"/>: a usable
/// <see cref="KeepalivedOptions.Rotation"/> and a HAProxy check keepalived can run. Every error names its field.
/// </summary>
internal static class KeepalivedLayoutCheck
{
    private const string Keepalived = $"{FleetOptions.SectionName}:{nameof(FleetOptions.Keepalived)}";
    private const string RotationKey = $"{Keepalived}:{nameof(KeepalivedOptions.Rotation)}";

    public static IReadOnlyList<string> Validate(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var errors = new List<string>();
        var rotation = fleet.Keepalived.Rotation;
        for (var i = 0; i < rotation.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(rotation[i]))
            {
                errors.Add($"{RotationKey}[{i}]: empty; list LB names (a removed LB's name may stay, to keep the others' places)");
            }
        }
        foreach (var duplicate in rotation.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{RotationKey}: '{duplicate.Key}' appears {duplicate.Count()} times; each LB has one place");
        }
        var names = fleet.LoadBalancers.Select(lb => lb.Name).ToHashSet(StringComparer.Ordinal);
        if (rotation.Count > 0 && !rotation.Any(names.Contains))
        {
            errors.Add($"{RotationKey}: names none of Fleet:LoadBalancers ({string.Join(", ", names)}); every VIP would land on an LB outside it");
        }
        if (fleet.LoadBalancers.Count > 0 && VrrpPriority.LowestRank(fleet) >= VrrpPriority.Top)
        {
            errors.Add($"{RotationKey}: {VrrpPriority.LowestRank(fleet) + 1} places (rotation plus LBs outside it) need priorities below 1; keepalived allows 1-{VrrpPriority.Top}");
        }
        CheckArgumentPath(errors, $"{Keepalived}:{nameof(KeepalivedOptions.HaProxyCheckScript)}", fleet.Keepalived.HaProxyCheckScript);
        CheckArgumentPath(errors, $"{FleetOptions.SectionName}:{nameof(FleetOptions.HaProxy)}:{nameof(HaProxyOptions.RuntimeSocket)}", fleet.HaProxy.RuntimeSocket);
        return errors;
    }

    /// <summary>keepalived splits its script line on spaces and has no escape for quotes: a path must have neither.</summary>
    private static void CheckArgumentPath(List<string> errors, string key, string path)
    {
        if (!Path.IsPathFullyQualified(path) || path.Any(c => char.IsWhiteSpace(c) || c is '"' or '\''))
        {
            errors.Add($"{key}: '{path}' must be an absolute path without spaces or quotes (keepalived runs the HAProxy check with it)");
        }
    }
}
