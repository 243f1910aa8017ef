using System.Collections.Concurrent;
using LbAcme.Acme.Resources;
using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Engine;

/// <summary>What every LB of one run shares: the fleet as read at start, the account, and the issuance budgets.</summary>
public sealed class RunContext
{
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _issuances;

    public RunContext(string runId, string trigger, bool force, FleetOptions fleet, AcmeAccount account, IDictionary<string, List<DateTimeOffset>> issuancesByNameSet, bool redelivered = false)
    {
        RunId = runId;
        Trigger = trigger;
        Force = force;
        Redelivered = redelivered;
        Fleet = fleet;
        Account = account;
        _issuances = new ConcurrentDictionary<string, List<DateTimeOffset>>(issuancesByNameSet);
    }

    public string RunId { get; }

    public string Trigger { get; }

    public bool Force { get; }

    /// <summary>A queue redelivery continues a failed request: the backoff that failure recorded does not hold it back.</summary>
    public bool Redelivered { get; }

    public FleetOptions Fleet { get; }

    public AcmeAccount Account { get; }

    /// <summary>The fleet's names plus the LB's own extra name, if any.</summary>
    public static IReadOnlyList<string> NamesFor(FleetOptions fleet, LoadBalancerOptions lb)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(lb);
        var names = fleet.Names.Select(n => n.Trim().TrimEnd('.').ToLowerInvariant()).ToList();
        if (!string.IsNullOrWhiteSpace(lb.ExtraName))
        {
            names.Add(lb.ExtraName.Trim().TrimEnd('.').ToLowerInvariant());
        }
        return names.Distinct().ToList();
    }

    /// <summary>The exact identifier set Let's Encrypt counts against, as one key.</summary>
    public static string NameSetKey(IEnumerable<string> names) => string.Join(',', names.Order(StringComparer.Ordinal));

    /// <summary>
    /// Budget check and reservation in one step, so two LBs of one name set cannot both take the last slot:
    /// at most 5 per 7 days, and at least <paramref name="stagger"/> after the previous one.
    /// </summary>
    public bool TryReserveIssuance(string nameSetKey, DateTimeOffset now, TimeSpan stagger, out DateTimeOffset nextAllowed)
    {
        var list = _issuances.GetOrAdd(nameSetKey, _ => []);
        lock (list)
        {
            nextAllowed = Policy.IssuanceBudget.NextAllowed(list, now);
            if (list.Count > 0 && list.Max() + stagger > nextAllowed)
            {
                nextAllowed = list.Max() + stagger;
            }
            if (nextAllowed > now)
            {
                return false;
            }
            list.Add(now);
            return true;
        }
    }

    /// <summary>Gives a reservation back when the order did not produce a certificate.</summary>
    public void ReleaseIssuance(string nameSetKey, DateTimeOffset reservedAt)
    {
        if (_issuances.TryGetValue(nameSetKey, out var list))
        {
            lock (list)
            {
                list.Remove(reservedAt);
            }
        }
    }
}
