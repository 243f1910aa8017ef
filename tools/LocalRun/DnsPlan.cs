using LbAcme.Testing;

namespace LbAcme.LocalRun;

/// <summary>
/// Round-robin DNS as the CA would see it: every name of the fleet resolves to an LB picked at random,
/// and an LB's own extra name never to that LB, so validations arrive where the token is not.
/// </summary>
internal static class DnsPlan
{
    public static async Task<Dictionary<string, string>> ApplyAsync(LocalFleet fleet, Random random)
    {
        var plan = new Dictionary<string, string>();
        var names = fleet.LbNames;
        plan[LocalFleet.ServiceName] = names[random.Next(names.Count)];
        foreach (var lb in names)
        {
            var others = names.Where(n => n != lb).ToList();
            plan[$"{lb}.{LocalFleet.ServiceName}"] = others.Count == 0 ? lb : others[random.Next(others.Count)];
        }
        foreach (var (host, lb) in plan)
        {
            await fleet.Pebble.SetARecordsAsync(host, fleet.Addresses[fleet.LbNames.ToList().IndexOf(lb)].ToString());
        }
        return plan;
    }
}
