using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using LbAcme.Core.Store;
using LbAcme.Functions.Local;
using LbAcme.Functions.Queue;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;

namespace LbAcme.Functions.Tests;

/// <summary>
/// The stand-in host killed mid-order (SIGKILL, no cleanup code runs) leaves a held lease and deposited
/// challenges; the app's next run must not be stopped by either, and must leave no challenge behind.
/// </summary>
public sealed class KilledRunTests : IAsyncLifetime
{
    // host.json's numbers, but no wait between deliveries: the next run must not sit out a visibility timeout.
    private static readonly HostJsonQueueSettings Immediate = HostJsonQueueSettings.Defaults with { VisibilityTimeout = TimeSpan.Zero };
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task A_run_killed_mid_order_leaves_nothing_that_stops_the_next_run()
    {
        string[] settings = [.. _fleet.EngineSettings().Select(s => $"--{s.Key}={s.Value}")];
        await using (var runner = ManagedProcess.Start("renewal runner", SidecarProcess.DotnetHost,
            [Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), LocalFunctionsHost.Verb, "--once", .. settings]))
        {
            var sawChallenge = await WaitForChallengeAsync(runner, TimeSpan.FromSeconds(60));
            Assert.True(sawChallenge, "the runner finished or died before depositing a challenge:\n" + runner.Output);
            await runner.StopAsync(); // Process.Kill: SIGKILL, the runner's finally blocks never run
        }
        Assert.NotEmpty(await ChallengesAsync());
        // The killed run's messages are not this test's subject; the next run starts from its own timer firing.
        await new QueueClient(_fleet.Azurite.ConnectionString, RenewalQueueContract.QueueName).ClearMessagesAsync();
        await WaitForLeasesToExpireAsync(TimeSpan.FromSeconds(40));

        await using var host = await LocalFunctionsHost.StartAsync(settings, CancellationToken.None, Immediate);
        var result = await host.FireTimerAsync(TimeSpan.FromMinutes(3), CancellationToken.None);

        Assert.True(result.Drained);
        Assert.All(result.Final, o => Assert.True(o.Outcome is nameof(LbOutcomeKind.Renewed) or nameof(LbOutcomeKind.NotDue), $"{o.Lb}: {o.Outcome} {o.Reason}"));
        Assert.Contains(result.Final, o => o.Outcome == nameof(LbOutcomeKind.Renewed));
        Assert.Empty(await ChallengesAsync());
    }

    private async Task<bool> WaitForChallengeAsync(ManagedProcess runner, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && !runner.HasExited)
        {
            if ((await ChallengesAsync()).Count > 0)
            {
                return true;
            }
            await Task.Delay(20);
        }
        return false;
    }

    private async Task<List<string>> ChallengesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in _fleet.SharedContainer.GetBlobsAsync(BlobTraits.None, BlobStates.None, StoreLayout.ChallengesPrefix, CancellationToken.None))
        {
            if (!blob.Name.EndsWith(".marker", StringComparison.Ordinal))
            {
                names.Add(blob.Name);
            }
        }
        return names;
    }

    private async Task WaitForLeasesToExpireAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var leased = false;
            await foreach (var blob in _fleet.SharedContainer.GetBlobsAsync(BlobTraits.None, BlobStates.None, StoreLayout.LocksPrefix, CancellationToken.None))
            {
                leased |= blob.Properties.LeaseState == LeaseState.Leased;
            }
            if (!leased)
            {
                return;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("a lock lease outlived the configured lease time");
    }
}
