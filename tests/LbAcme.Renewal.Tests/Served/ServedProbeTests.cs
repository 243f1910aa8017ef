using System.Globalization;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Renewal.Served;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>
/// The probe against real HAProxies and silent listeners on one HTTPS port (<see cref="ServedScenarios"/>): what each
/// address presented for each name, judged against the fleet's roots, and every dead address a finding within the
/// probe's time, never an exception.
/// </summary>
public sealed class ServedProbeTests(ServedScenarios scenarios) : IClassFixture<ServedScenarios>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Generous room for a loaded machine (two cores shared with other builds).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    /// <summary>One probe run for the whole class: xunit makes an instance per test, the fixture lives for all.</summary>
    private Task<ServedReport> ReportAsync() => scenarios.Once(() => Probe(scenarios.Fleet()).RunAsync(CancellationToken.None));

    private static ServedProbe Probe(FleetOptions fleet, int maxConcurrency = 16) =>
        new(new FixedOptionsMonitor<FleetOptions>(fleet), Options.Create(new ProbeOptions { Timeout = Timeout, MaxConcurrency = maxConcurrency }),
            TimeProvider.System, NullLogger<ServedProbe>.Instance);

    private async Task<List<ServedObservation>> OfAsync(string lb) => [.. (await ReportAsync()).Observations.Where(o => o.Lb == lb)];

    private string Endpoint(string lb) => ServedScenarios.Address(lb).ToString() + ":" + scenarios.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_LB_serving_the_issued_certificate_is_seen_with_a_valid_chain_for_every_name_it_is_asked()
    {
        var observations = await OfAsync("lb0");

        Assert.Equal([ServedScenarios.Name, ServedScenarios.OwnName("lb0")], observations.Select(o => o.ServerName));
        Assert.All(observations, o =>
        {
            Assert.Null(o.Error);
            Assert.Null(o.Failure);
            Assert.Equal(Endpoint("lb0"), o.Address);
            Assert.Equal(ServedAddressKind.Lb, o.Kind);
            Assert.Equal(scenarios.Serials["lb0"], o.Serial);
            Assert.True(o.ChainValid, o.ChainProblem);
            Assert.Null(o.ChainProblem);
            Assert.True(o.NamesCovered);
            Assert.False(o.SelfSigned);
            Assert.Equal([ServedScenarios.Name, ServedScenarios.OwnName("lb0")], o.DnsNames);
            Assert.Contains("probe trusted Intermediate", o.Issuer, StringComparison.Ordinal);
            Assert.True(o.NotAfter > DateTimeOffset.UtcNow && o.NotBefore < DateTimeOffset.UtcNow);
            Assert.StartsWith("TLSv1.", o.TlsVersion, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Another_names_certificate_is_recorded_with_its_serial_and_the_names_not_covered()
    {
        var observations = await OfAsync("lb1");

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o =>
        {
            Assert.Null(o.Error);
            Assert.Equal(scenarios.Serials["lb1"], o.Serial);
            Assert.NotEqual(scenarios.Serials["lb0"], o.Serial);
            Assert.False(o.NamesCovered);
            Assert.True(o.ChainValid, o.ChainProblem);
            Assert.Equal(["elsewhere.example"], o.DnsNames);
        });
    }

    [Fact]
    public async Task An_expired_leaf_is_recorded_with_its_dates_and_a_chain_that_is_not_valid_now()
    {
        var observations = await OfAsync("lb2");

        Assert.All(observations, o =>
        {
            Assert.Null(o.Error);
            Assert.Equal(scenarios.Serials["lb2"], o.Serial);
            Assert.True(o.NotAfter < DateTimeOffset.UtcNow);
            Assert.False(o.ChainValid);
            Assert.Contains("NotTimeValid", o.ChainProblem, StringComparison.Ordinal);
            Assert.True(o.NamesCovered);
        });
    }

    [Fact]
    public async Task A_chain_to_a_root_the_fleet_does_not_trust_is_recorded_as_not_valid_with_the_reason()
    {
        var observations = await OfAsync("lb3");

        Assert.All(observations, o =>
        {
            Assert.Null(o.Error);
            Assert.Equal(scenarios.Serials["lb3"], o.Serial);
            Assert.False(o.ChainValid);
            Assert.Contains("not at a trusted root", o.ChainProblem, StringComparison.Ordinal);
            Assert.Contains("probe other", o.Issuer, StringComparison.Ordinal);
            Assert.True(o.NamesCovered);
        });
    }

    [Fact]
    public async Task An_address_where_nothing_listens_is_a_refused_finding()
    {
        var observations = await OfAsync("lb4");

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o =>
        {
            Assert.Equal(ServedFailure.Refused, o.Failure);
            Assert.Contains("refused", o.Error, StringComparison.Ordinal);
            Assert.Null(o.Serial);
            Assert.Null(o.ChainValid);
        });
    }

    [Theory]
    [InlineData("lb5", ServedFailure.HandshakeTimeout)]
    [InlineData("lb6", ServedFailure.ConnectTimeout)]
    public async Task A_blackholed_address_is_a_timed_out_finding_within_the_probes_time_for_all_its_names(string lb, ServedFailure failure)
    {
        var observations = await OfAsync(lb);

        Assert.Equal(2, observations.Count);
        Assert.All(observations, o =>
        {
            Assert.Equal(failure, o.Failure);
            Assert.StartsWith("timed out", o.Error, StringComparison.Ordinal);
            Assert.Null(o.Serial);
        });
        // The first name waited for the deadline; the second found it passed and was not asked: one Timeout for the
        // address, not one per name.
        Assert.True(observations[0].ElapsedMilliseconds >= Timeout.TotalMilliseconds - 50, $"{observations[0].ElapsedMilliseconds} ms");
        Assert.Contains("ran out before this name was asked", observations[1].Error, StringComparison.Ordinal);
        Assert.True(observations[1].ElapsedMilliseconds < 100, $"{observations[1].ElapsedMilliseconds} ms");
        var total = observations.Sum(o => o.ElapsedMilliseconds);
        Assert.True(total <= (Timeout + Slack).TotalMilliseconds, $"{lb} took {total} ms for {observations.Count} names");
    }

    [Fact]
    public async Task Dead_addresses_are_probed_side_by_side_so_one_does_not_wait_for_the_other()
    {
        var report = await ReportAsync();

        // Each waits the whole Timeout; one after the other, the second would start a Timeout after the first.
        var starts = report.Observations.Where(o => o.Lb is "lb5" or "lb6").GroupBy(o => o.Lb).Select(g => g.First().ProbedAt).ToList();
        Assert.Equal(2, starts.Count);
        Assert.True((starts[1] - starts[0]).Duration() < Timeout / 2, $"started {(starts[1] - starts[0]).Duration().TotalMilliseconds} ms apart");
    }

    [Fact]
    public async Task At_most_MaxConcurrency_addresses_are_probed_at_once()
    {
        var fleet = scenarios.Fleet();
        fleet.Vips = [];
        fleet.LoadBalancers = [.. fleet.LoadBalancers.Where(lb => lb.Name is "lb5" or "lb6")];

        var report = await Probe(fleet, maxConcurrency: 1).RunAsync(CancellationToken.None);

        var starts = report.Observations.GroupBy(o => o.Lb).Select(g => g.First().ProbedAt).ToList();
        Assert.True(starts[1] - starts[0] >= Timeout - TimeSpan.FromMilliseconds(50), $"started {(starts[1] - starts[0]).TotalMilliseconds} ms apart");
    }

    [Fact]
    public async Task An_IPv6_address_is_written_in_brackets_and_a_VIP_is_asked_for_the_fleet_names_only()
    {
        var report = await ReportAsync();
        var port = scenarios.Port.ToString(CultureInfo.InvariantCulture);

        var vip = Assert.Single(report.Observations, o => o.Kind == ServedAddressKind.Vip);
        Assert.Equal($"[::1]:{port}", vip.Address);
        Assert.Null(vip.Lb);
        Assert.Equal(ServedScenarios.Name, vip.ServerName);
        Assert.Equal(scenarios.Serials["lb7"], vip.Serial);
        Assert.True(vip.ChainValid, vip.ChainProblem);
        var own = await OfAsync("lb7");
        Assert.All(own, o => Assert.Equal($"[::1]:{port}", o.Address));
        Assert.Equal([ServedScenarios.Name, ServedScenarios.OwnName("lb7")], own.Select(o => o.ServerName));
        Assert.All(own, o => Assert.True(o.NamesCovered));
    }

    [Fact]
    public async Task The_report_lists_VIPs_first_then_each_LB_in_fleet_order_whatever_finished_first()
    {
        var report = await ReportAsync();

        Assert.Equal(1 + (ServedScenarios.Lbs.Count * 2), report.Observations.Count);
        Assert.Equal([null, .. ServedScenarios.Lbs.SelectMany(lb => new[] { lb, lb })], report.Observations.Select(o => o.Lb));
    }

    [Fact]
    public async Task Roots_that_cannot_be_read_leave_the_chain_unjudged_with_the_reason_instead_of_failing_the_run()
    {
        var fleet = scenarios.Fleet();
        fleet.TrustedRoots.Path = "/nonexistent/roots.pem";
        fleet.LoadBalancers = [fleet.LoadBalancers[0]];
        fleet.Vips = [];

        var report = await Probe(fleet).RunAsync(CancellationToken.None);

        Assert.All(report.Observations, o =>
        {
            Assert.Equal(scenarios.Serials["lb0"], o.Serial);
            Assert.Null(o.ChainValid);
            Assert.Contains("Fleet:TrustedRoots:Path", o.ChainProblem, StringComparison.Ordinal);
        });
    }
}
