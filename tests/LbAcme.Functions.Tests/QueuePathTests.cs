using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LbAcme.Core.Served;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Local;
using LbAcme.Functions.Queue;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Functions.Tests;

/// <summary>
/// The function classes over Azurite's real queue, with real Pebble validating through real sidecars: the timer
/// enqueues one message per LB, each RenewLb invocation renews one LB, a message that can never succeed is poisoned
/// at once, one that keeps failing is poisoned after the last delivery and the LB's status says so.
/// </summary>
public sealed class QueuePathTests : IAsyncLifetime
{
    // host.json's numbers, but no wait between deliveries so the retry test does not sit out 30 s four times.
    private static readonly HostJsonQueueSettings Immediate = HostJsonQueueSettings.Defaults with { VisibilityTimeout = TimeSpan.Zero, MaxDequeueCount = RenewalQueueContract.MaxDequeueCount };
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private LocalFleet _fleet = null!;
    private LocalFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        _fleet = await LocalFleet.StartAsync();
        // A self-test that cannot pass gives up after 2 s instead of 20 (the retry test).
        var settings = _fleet.EngineSettings(new Dictionary<string, string?> { ["Engine:SelfTestDeadline"] = "00:00:02" });
        _host = await LocalFunctionsHost.StartAsync([.. settings.Select(s => $"--{s.Key}={s.Value}")], CancellationToken.None, Immediate);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    [Fact]
    public async Task The_timer_puts_one_message_per_LB_on_the_queue_and_orders_nothing_itself()
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RenewalTimerFunction>().RunAsync(new TimerInfo(), CancellationToken.None);
        }

        var messages = (await Queue(RenewalQueueContract.QueueName).PeekMessagesAsync(32)).Value;
        Assert.Equal(_fleet.LbNames, messages.Select(m => RenewalMessage.Parse(m.Body.ToString()).Message!.Lb).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal(FunctionNames.RenewalTimer, RenewalMessage.Parse(m.Body.ToString()).Message!.Trigger));
        Assert.Empty(await CertificatesAsync());
        // Then it probed: this fleet runs no HAProxy, so every LB address refuses, a finding that did not fail the timer.
        var probed = await _host.Services.GetRequiredService<IServedReportStore>().GetLatestAsync(CancellationToken.None);
        Assert.NotNull(probed);
        Assert.Equal(_fleet.LbNames, probed.Observations.Select(o => o.Lb!).Distinct());
        Assert.All(probed.Observations, o => Assert.Equal(ServedFailure.Refused, o.Failure));
    }

    [Fact]
    public async Task Firing_the_timer_renews_every_LB_in_one_RenewLb_invocation_each_and_empties_the_queue()
    {
        var result = await _host.FireTimerAsync(Deadline, CancellationToken.None);

        Assert.True(result.Drained);
        Assert.Equal(_fleet.LbNames.Count, result.All.Count);
        Assert.All(result.Final, o => Assert.Equal(nameof(LbOutcomeKind.Renewed), o.Outcome));
        Assert.All(result.Final, o => Assert.NotNull(o.NotAfter));
        Assert.Equal(_fleet.LbNames.Count, (await CertificatesAsync()).Count);
        Assert.Empty((await Queue(RenewalQueueContract.PoisonQueueName).PeekMessagesAsync(32)).Value);
    }

    [Theory]
    [InlineData("renew lb0 please")]
    [InlineData("""{"lb":"lb9","force":true}""")]
    [InlineData("""{"lb":"lb0","force":"sometimes"}""")]
    [InlineData("[]")]
    [InlineData("""{"lb":"lb0","certificate":"api"}""")]
    public async Task A_message_that_can_never_succeed_completes_its_one_delivery_and_lands_in_the_poison_queue(string text)
    {
        var message = QueuesModelFactory.QueueMessage("id-1", "receipt-1", new BinaryData(text), dequeueCount: 1);

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            // Returning (not throwing) is what tells the host to delete the message rather than deliver it again.
            await scope.ServiceProvider.GetRequiredService<RenewLbFunction>().RunAsync(message, CancellationToken.None);
        }

        var poisoned = (await Queue(RenewalQueueContract.PoisonQueueName).PeekMessagesAsync(32)).Value;
        Assert.Equal([text], poisoned.Select(m => m.Body.ToString()));
        Assert.Empty(await CertificatesAsync());
    }

    [Fact]
    public async Task Garbage_on_the_queue_does_not_stop_the_other_LBs()
    {
        await Queue(RenewalQueueContract.QueueName).SendMessageAsync("\u0000not json at all");

        var result = await _host.FireTimerAsync(Deadline, CancellationToken.None);

        Assert.True(result.Drained);
        Assert.All(result.Final, o => Assert.Equal(nameof(LbOutcomeKind.Renewed), o.Outcome));
        Assert.Single((await Queue(RenewalQueueContract.PoisonQueueName).PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task An_LB_that_keeps_failing_is_retried_by_the_queue_then_poisoned_and_its_status_says_so()
    {
        await _fleet.StopSidecarAsync("lb1"); // its own challenges can never be answered: the self-test fails, retryably

        var result = await _host.FireTimerAsync(Deadline, CancellationToken.None);

        Assert.True(result.Drained);
        var lb1 = result.All.Where(o => o.Lb == "lb1").ToList();
        Assert.Equal(RenewalQueueContract.MaxDequeueCount, lb1.Count);
        Assert.All(lb1.SkipLast(1), o => Assert.Equal(nameof(LbOutcomeKind.Failed), o.Outcome));
        Assert.Equal(nameof(LbOutcomeKind.Poisoned), lb1[^1].Outcome);
        Assert.All(result.Final.Where(o => o.Lb != "lb1"), o => Assert.Equal(nameof(LbOutcomeKind.Renewed), o.Outcome));
        var poisoned = (await Queue(RenewalQueueContract.PoisonQueueName).PeekMessagesAsync(32)).Value;
        Assert.Equal("lb1", RenewalMessage.Parse(Assert.Single(poisoned).Body.ToString()).Message!.Lb);
        var lb1Status = (await StatusAsync()).Single(s => s.GetProperty("lb").GetString() == "lb1");
        Assert.Equal("Poisoned", lb1Status.GetProperty("lastOutcome").GetString());
        Assert.StartsWith("gave up after 5 deliveries", lb1Status.GetProperty("lastProblem").GetString(), StringComparison.Ordinal);
        // This fleet runs no HAProxy, so the timer's probe found no TLS listener: unreachable outranks failing.
        Assert.Equal("unreachable", lb1Status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Renew_answers_202_with_where_to_watch_and_the_order_runs_from_the_queue()
    {
        // The shorthand's one certificate is "default"; naming it is the same as naming none, and travels in the message.
        var (accepted, context) = await PostRenewAsync("lb0", "?force=true&certificate=default");

        var result = Assert.IsType<JsonResult>(accepted);
        Assert.Equal(StatusCodes.Status202Accepted, result.StatusCode);
        Assert.Equal("/api/status", context.Response.Headers.Location.ToString());
        var body = JsonSerializer.SerializeToElement(result.Value, ApiJson.Options);
        Assert.Equal("lb0", Assert.Single(body.GetProperty("enqueued").EnumerateArray()).GetProperty("lb").GetString());
        Assert.Equal("default", body.GetProperty("certificate").GetString());
        Assert.Empty(await CertificatesAsync()); // nothing ordered inside the request
        var queued = Assert.Single((await Queue(RenewalQueueContract.QueueName).PeekMessagesAsync(32)).Value);
        Assert.Equal("default", RenewalMessage.Parse(queued.Body.ToString()).Message!.Certificate);
        Assert.NotNull(context);

        var drained = await _host.RenewAsync("lb1", force: false, Deadline, CancellationToken.None);

        Assert.Equal(["lb0", "lb1"], drained.Final.Where(o => o.Outcome == nameof(LbOutcomeKind.Renewed)).Select(o => o.Lb));
        Assert.Equal("Renewed", (await StatusAsync()).Single(s => s.GetProperty("lb").GetString() == "lb0").GetProperty("lastOutcome").GetString());
    }

    [Theory]
    [InlineData("lb7", "", StatusCodes.Status404NotFound)]
    [InlineData("lb0", "?force=maybe", StatusCodes.Status400BadRequest)]
    [InlineData("lb0", "?certificate=api", StatusCodes.Status404NotFound)]
    public async Task Renew_refuses_what_it_cannot_enqueue_and_enqueues_nothing(string lb, string query, int status)
    {
        var (answer, _) = await PostRenewAsync(lb, query);

        Assert.Equal(status, Assert.IsType<JsonResult>(answer).StatusCode);
        Assert.Empty((await Queue(RenewalQueueContract.QueueName).PeekMessagesAsync(32)).Value);
    }

    private async Task<(IActionResult Answer, HttpContext Context)> PostRenewAsync(string? lb, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.QueryString = new QueryString(query);
        await using var scope = _host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RenewFunction>().RunAsync(context.Request, lb, CancellationToken.None), context);
    }

    private async Task<List<JsonElement>> StatusAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<StatusFunction>().RunAsync(new DefaultHttpContext().Request, CancellationToken.None);
        var document = JsonDocument.Parse(Assert.IsType<ContentResult>(answer).Content!).RootElement;
        return document.GetProperty("loadBalancers").EnumerateArray().ToList();
    }

    private QueueClient Queue(string name) =>
        new(_fleet.Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private async Task<List<string>> CertificatesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in _fleet.CertificateContainer.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }
        return names.Where(n => n.Contains("lbacme-lb", StringComparison.Ordinal)).ToList();
    }
}
