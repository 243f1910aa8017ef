using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Render;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// The VRRP priority rule as a property: fleets of 1-12 LBs written from scratch spread their VIPs evenly, and
/// random sequences of adds and removes done the documented way (pin Fleet:Keepalived:Rotation if it is empty,
/// then append or delete the LB) never move a VIP except off a removed LB, onto the LB that was next in line.
/// </summary>
public sealed class VrrpPriorityTests
{
    private const int MaxLbs = 12;

    [Fact]
    public void A_fleet_written_from_scratch_homes_VIP_j_on_LB_j_mod_N_with_the_next_LBs_as_backups()
    {
        for (var lbs = 1; lbs <= MaxLbs; lbs++)
        {
            for (var vips = 1; vips <= 3 * lbs; vips++)
            {
                var fleet = Fleet(Names(lbs), vips, rotation: []);
                var homes = new int[lbs];
                for (var vip = 0; vip < vips; vip++)
                {
                    var order = Order(fleet, vip);
                    Assert.Equal([.. Enumerable.Range(0, lbs).Select(k => $"lb{(vip + k) % lbs}")], order);
                    homes[vip % lbs]++;
                }
                Assert.True(homes.Max() - homes.Min() <= 1, $"{lbs} LBs, {vips} VIPs: homes {string.Join(',', homes)}");
            }
        }
    }

    [Fact]
    public void Random_adds_and_removes_move_only_the_VIPs_of_a_removed_LB_to_their_next_LB()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var lbs = random.Next(1, MaxLbs + 1);
            var fleet = Fleet(Names(lbs), random.Next(1, 2 * MaxLbs), rotation: []);
            var nextName = lbs;
            for (var step = 0; step < 25; step++)
            {
                var before = Snapshot(fleet);
                var rotationMembers = fleet.LoadBalancers.Count(lb => fleet.Keepalived.Rotation.Contains(lb.Name));
                var removable = fleet.LoadBalancers
                    .Where(lb => fleet.Keepalived.Rotation.Count == 0 || !fleet.Keepalived.Rotation.Contains(lb.Name) || rotationMembers > 1)
                    .ToList();
                var add = fleet.LoadBalancers.Count < MaxLbs && (random.Next(2) == 0 || fleet.LoadBalancers.Count == 1 || removable.Count == 0);
                PinRotation(fleet);
                var context = $"seed {seed} step {step}: {string.Join(',', fleet.LoadBalancers.Select(l => l.Name))} rotation {string.Join(',', fleet.Keepalived.Rotation)}";
                if (add)
                {
                    var added = $"lb{nextName++}";
                    fleet.LoadBalancers.Add(new LoadBalancerOptions { Name = added });
                    AssertAdded(before, Snapshot(fleet), added, context);
                }
                else
                {
                    var removed = removable[random.Next(removable.Count)].Name;
                    fleet.LoadBalancers.RemoveAll(lb => lb.Name == removed);
                    AssertRemoved(before, Snapshot(fleet), removed, context);
                }
                AssertValid(fleet, context);
            }
        }
    }

    [Fact]
    public void Without_more_VIPs_than_LBs_an_unpinned_fleet_can_grow_without_moving_a_master()
    {
        for (var lbs = 1; lbs < MaxLbs; lbs++)
        {
            for (var vips = 1; vips <= lbs; vips++)
            {
                var fleet = Fleet(Names(lbs), vips, rotation: []);
                var before = Snapshot(fleet);
                fleet.LoadBalancers.Add(new LoadBalancerOptions { Name = $"lb{lbs}" });
                var after = Snapshot(fleet);

                for (var vip = 0; vip < vips; vip++)
                {
                    Assert.Equal(before.Orders[vip][0], after.Orders[vip][0]);
                    Assert.Equal(before.Orders[vip], after.Orders[vip].Where(n => n != $"lb{lbs}"));
                }
            }
        }
    }

    [Fact]
    public void The_issue_case_a_fourth_LB_with_three_VIPs_takes_no_VIP()
    {
        var three = Snapshot(Fleet(Names(3), 3, rotation: []));
        var four = Snapshot(Fleet(Names(4), 3, rotation: []));

        Assert.Equal(["lb0", "lb1", "lb2"], three.Orders.Select(o => o[0]));
        Assert.Equal(["lb0", "lb1", "lb2"], four.Orders.Select(o => o[0]));
    }

    [Fact]
    public void A_removed_LBs_name_left_in_the_rotation_hands_its_VIPs_to_the_next_entry_and_nothing_else_moves()
    {
        var fleet = Fleet(Names(4), 8, rotation: ["lb0", "lb1", "lb2", "lb3"]);
        var before = Snapshot(fleet);
        fleet.LoadBalancers.RemoveAt(1);
        var after = Snapshot(fleet);

        Assert.Equal(["lb0", "lb1", "lb2", "lb3", "lb0", "lb1", "lb2", "lb3"], before.Orders.Select(o => o[0]));
        Assert.Equal(["lb0", "lb2", "lb2", "lb3", "lb0", "lb2", "lb2", "lb3"], after.Orders.Select(o => o[0]));
    }

    [Fact]
    public void Places_beyond_keepalived_priority_1_are_refused_naming_the_rotation()
    {
        var fits = Fleet(Names(200), 1, rotation: [.. Names(200)]);
        fits.LoadBalancers.AddRange(Enumerable.Range(200, 54).Select(i => new LoadBalancerOptions { Name = $"lb{i}" }));
        var tooMany = Fleet(Names(200), 1, rotation: [.. Names(200)]);
        tooMany.LoadBalancers.AddRange(Enumerable.Range(200, 55).Select(i => new LoadBalancerOptions { Name = $"lb{i}" }));

        Assert.Empty(KeepalivedLayoutCheck.Validate(fits));
        Assert.Equal(1, VrrpPriority.For(fits, "lb253", 0));
        Assert.Contains(KeepalivedLayoutCheck.Validate(tooMany), e => e.StartsWith("Fleet:Keepalived:Rotation: 255 places", StringComparison.Ordinal));
    }

    /// <summary>The documented procedure's first step: an empty rotation becomes today's LB names.</summary>
    private static void PinRotation(FleetOptions fleet)
    {
        if (fleet.Keepalived.Rotation.Count == 0)
        {
            fleet.Keepalived.Rotation = [.. fleet.LoadBalancers.Select(lb => lb.Name)];
        }
    }

    private static void AssertAdded(State before, State after, string added, string context)
    {
        for (var vip = 0; vip < before.Orders.Count; vip++)
        {
            Assert.True(after.Orders[vip][0] == before.Orders[vip][0], $"{context}: adding {added} moved VIP {vip}");
            Assert.True(before.Orders[vip].SequenceEqual(after.Orders[vip].Where(n => n != added)), $"{context}: adding {added} reordered VIP {vip}'s backups");
            foreach (var (lb, priority) in before.Priorities[vip])
            {
                Assert.True(after.Priorities[vip][lb] == priority, $"{context}: adding {added} changed {lb}'s priority on VIP {vip}");
            }
        }
    }

    private static void AssertRemoved(State before, State after, string removed, string context)
    {
        for (var vip = 0; vip < before.Orders.Count; vip++)
        {
            var expected = before.Orders[vip].Where(n => n != removed).ToList();
            Assert.True(expected.SequenceEqual(after.Orders[vip]), $"{context}: removing {removed} reordered VIP {vip}");
            Assert.True(before.Orders[vip][0] == removed || after.Orders[vip][0] == before.Orders[vip][0], $"{context}: removing {removed} moved VIP {vip}");
        }
    }

    private static void AssertValid(FleetOptions fleet, string context)
    {
        Assert.True(KeepalivedLayoutCheck.Validate(fleet).Count == 0, $"{context}: {string.Join("; ", KeepalivedLayoutCheck.Validate(fleet))}");
        for (var vip = 0; vip < fleet.Vips.Count; vip++)
        {
            var priorities = fleet.LoadBalancers.Select(lb => VrrpPriority.For(fleet, lb.Name, vip)).ToList();
            Assert.True(priorities.All(p => p is >= 1 and <= 254), $"{context}: VIP {vip} priorities {string.Join(',', priorities)}");
            Assert.True(priorities.Distinct().Count() == priorities.Count, $"{context}: VIP {vip} priorities {string.Join(',', priorities)} repeat");
        }
    }

    private static State Snapshot(FleetOptions fleet)
    {
        var priorities = Enumerable.Range(0, fleet.Vips.Count)
            .Select(vip => fleet.LoadBalancers.ToDictionary(lb => lb.Name, lb => VrrpPriority.For(fleet, lb.Name, vip)))
            .ToList();
        return new State(priorities, [.. priorities.Select(p => p.OrderByDescending(e => e.Value).Select(e => e.Key).ToList())]);
    }

    private static List<string> Order(FleetOptions fleet, int vip) => Snapshot(fleet).Orders[vip];

    private static string[] Names(int count) => [.. Enumerable.Range(0, count).Select(i => $"lb{i}")];

    private static FleetOptions Fleet(string[] names, int vips, List<string> rotation) => new()
    {
        LoadBalancers = [.. names.Select(n => new LoadBalancerOptions { Name = n })],
        Vips = [.. Enumerable.Range(0, vips).Select(v => $"198.51.100.{v + 1}")],
        Keepalived = new KeepalivedOptions { Rotation = rotation },
    };

    private sealed record State(List<Dictionary<string, int>> Priorities, List<List<string>> Orders);
}
