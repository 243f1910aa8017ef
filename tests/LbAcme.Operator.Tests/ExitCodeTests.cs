using LbAcme.Core.Status;

namespace LbAcme.Operator.Tests;

/// <summary>The exit code is the worst state in the document: 0 only when every LB and address is ok.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task An_all_ok_fleet_exits_0_and_prints_a_row_per_address()
    {
        await using var server = await StatusServer.ServingAsync(Documents.Json(Documents.AllOk()));

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.StartsWith("LB-ACME OK - fleet ok: 3 addresses, 3 ok; 2 of 2 LBs ok", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("lb1 ", StringComparison.Ordinal) && l.Contains("127.0.200.1:443", StringComparison.Ordinal) && l.Contains("0a1b2c3d", StringComparison.Ordinal) && l.Contains("59d 3h", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("vip ", StringComparison.Ordinal) && l.Contains("198.51.100.1:443", StringComparison.Ordinal) && l.Contains("svc.example", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fleet: ok  last run: 2026-12-02 08:17 UTC (43m ago)  next run: 2026-12-02 09:17 UTC (in 17m)  run overdue: no", StringComparison.Ordinal));
        Assert.Empty(result.Error);
    }

    [Theory]
    [InlineData(CertificateState.RollingOut, 1)]
    [InlineData(CertificateState.Expiring, 1)]
    [InlineData(CertificateState.Stuck, 2)]
    [InlineData(CertificateState.Failing, 2)]
    [InlineData(CertificateState.Unreachable, 2)]
    public async Task One_address_in_a_state_sets_its_exit_code(CertificateState state, int expected)
    {
        await using var server = await StatusServer.ServingAsync(Documents.Json(Documents.WithAddressIn(state)));

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(expected, result.ExitCode);
        Assert.StartsWith(expected == 1 ? "LB-ACME WARNING" : "LB-ACME CRITICAL", result.Output, StringComparison.Ordinal);
        var row = result.Output.Split('\n').Single(l => l.Contains("127.0.200.2:443", StringComparison.Ordinal));
        Assert.Contains(state.Display(), row, StringComparison.Ordinal);
        Assert.Contains("do the thing", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_lb_whose_addresses_still_serve_gets_its_own_row_and_exits_2()
    {
        var ok = Documents.AllOk();
        var document = ok with
        {
            State = CertificateState.Failing,
            LoadBalancers = [ok.LoadBalancers[0], ok.LoadBalancers[1] with { State = CertificateState.Failing, Summary = "3 attempts failed: urn:ietf:params:acme:error:connection" }],
        };
        await using var server = await StatusServer.ServingAsync(Documents.Json(document));

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(2, result.ExitCode);
        var row = result.Output.Split('\n').Single(l => l.StartsWith("lb2 ", StringComparison.Ordinal) && l.Contains("(lb)", StringComparison.Ordinal));
        Assert.Contains("failing", row, StringComparison.Ordinal);
        Assert.Contains("acme:error:connection", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overdue_renewal_run_is_critical_even_when_every_address_is_ok()
    {
        await using var server = await StatusServer.ServingAsync(Documents.Json(Documents.AllOk() with { RunOverdue = true }));

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("renewal run overdue", result.Output.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("run overdue: yes", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_the_document_exactly_as_received_with_the_same_exit_code()
    {
        // Spacing and field order as a server might send them: --json must not re-serialize.
        var json = "{ \"vips\": [], \"schemaVersion\": 1,\n  \"generatedAt\": \"2026-12-02T09:00:00+00:00\", \"state\": \"expiring\", \"runOverdue\": false, \"loadBalancers\": [] }";
        await using var server = await StatusServer.ServingAsync(json);

        var result = await Command.StatusAsync(server.Url, "--json");

        Assert.Equal(json + Environment.NewLine, result.Output);
        Assert.Equal(1, result.ExitCode);
    }
}
