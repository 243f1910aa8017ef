using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Engine;

/// <summary>An LB the fleet does not hold is an answer, not an exception: nothing is ordered and the caller reads the code.</summary>
public sealed class UnknownLbTests : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Renewing_an_unknown_LB_answers_UnknownLb_for_one_LB_and_for_a_run()
    {
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings("svc.example.test", new Uri("https://127.0.0.1:1/dir"), _azurite));
        var runner = engine.GetRequiredService<IRenewalRunner>();

        var one = await runner.RenewAsync(new LbRenewalRequest("lb9", "test", Force: false, Redelivered: false), CancellationToken.None);
        var run = await runner.RunAsync(new RunRequest("test", OnlyLb: "lb9"), CancellationToken.None);

        Assert.Equal(LbOutcomeKind.UnknownLb, one.Outcome);
        Assert.Equal("lb9", one.Lb);
        Assert.Equal(LbOutcomeKind.UnknownLb, Assert.Single(run.Outcomes).Outcome);
    }
}
