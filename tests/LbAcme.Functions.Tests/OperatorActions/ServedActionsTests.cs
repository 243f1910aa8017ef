using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Local;
using LbAcme.Operator;
using LbAcme.Operator.Table;

namespace LbAcme.Functions.Tests.OperatorActions;

/// <summary>
/// The operator command against the stand-in host's served functions (<c>local --serve</c>) on a local fleet: the
/// routes exist, a revoke is followed by the LB's new certificate (the served host works the queue it filled), the key
/// rollover answers, and a deactivation without its confirmation is refused naming the account.
/// </summary>
public sealed class ServedActionsTests : IAsyncLifetime
{
    private OperatorHarness _h = null!;
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync()
    {
        _h = await OperatorHarness.StartAsync();
        _server = await LocalHttpServer.StartAsync(_h.Host, new Uri("http://127.0.0.1:0"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task The_operator_command_revokes_rolls_the_key_and_is_refused_a_deactivation_without_confirmation()
    {
        Assert.True((await _h.Host.FireTimerAsync(OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
        var store = new BlobCertificateStore(_h.Fleet.CertificateContainer);
        var name = FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb0");
        var revoked = (await store.GetInfoAsync(name, CancellationToken.None))!.Leaf.SerialNumber;

        var revoke = await RunAsync("revoke", "--lb", "lb0", "--reason", "superseded");

        Assert.Equal((0, string.Empty), (revoke.Code, revoke.Error));
        Assert.Contains($"serial {revoked} is revoked (superseded)", revoke.Output, StringComparison.Ordinal);
        Assert.Equal(("Revoked", (int?)4), await _h.Fleet.Pebble.GetCertificateRevocationAsync(revoked));
        var renewed = revoked;
        for (var deadline = DateTime.UtcNow + OperatorHarness.Deadline; renewed == revoked && DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            renewed = (await store.GetInfoAsync(name, CancellationToken.None))!.Leaf.SerialNumber;
        }
        Assert.NotEqual(revoked, renewed);

        var rollover = await RunAsync("account", "rollover-key");
        var deactivate = await RunAsync("account", "deactivate");

        Assert.Equal(0, rollover.Code);
        Assert.Contains("now signs with the new", rollover.Output, StringComparison.Ordinal);
        Assert.Equal(2, deactivate.Code);
        Assert.Contains("notConfirmed", deactivate.Error, StringComparison.Ordinal);
        Assert.Contains("send confirm: \"https://127.0.0.1:", deactivate.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OperatorCommandLine.RunAsync([.. args, "--url", new Uri(_server.StatusUrl, "/").ToString()], output, error, TerminalStyle.Plain, _ => null, TimeProvider.System);
        return (code, output.ToString(), error.ToString());
    }
}
