using System.Text.Json;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Tests;

/// <summary>Every HTTP function answers web JSON with enums as names, never as numbers (the status document: StatusFunctionTests).</summary>
public sealed class ApiJsonTests
{
    [Fact]
    public void An_lb_outcome_is_written_as_its_name_with_the_api_options()
    {
        var outcome = new LbOutcome("lb0", LbOutcomeKind.Failed, "selftest", "no answer", null, null, null);

        var json = JsonSerializer.SerializeToElement(outcome, ApiJson.Options);

        Assert.Equal("Failed", json.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("lb0", "", StatusCodes.Status202Accepted)]
    [InlineData("lb9", "", StatusCodes.Status404NotFound)]
    [InlineData("lb0", "?force=maybe", StatusCodes.Status400BadRequest)]
    public async Task Renew_answers_web_json_with_its_status_code(string lb, string query, int status)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        var function = new RenewFunction(new FixedFleet(), new RenewalEnqueuer(new AcceptingRequests(), new UnusedTimerRuns(), TimeProvider.System, NullLogger<RenewalEnqueuer>.Instance));

        var json = Serialize(await function.RunAsync(context.Request, lb, CancellationToken.None), status);

        if (status == StatusCodes.Status202Accepted)
        {
            Assert.Equal("lb0", json.GetProperty("enqueued").EnumerateArray().Single().GetProperty("lb").GetString());
            Assert.Equal("/api/status", context.Response.Headers.Location.ToString());
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(json.GetProperty("error").GetString()));
        }
    }

    private static JsonElement Serialize(IActionResult answer, int status)
    {
        var result = Assert.IsType<JsonResult>(answer);
        Assert.Equal(status, result.StatusCode);
        Assert.Same(ApiJson.Options, result.SerializerSettings);
        return JsonSerializer.SerializeToElement(result.Value, ApiJson.Options);
    }

    private sealed class AcceptingRequests : IRenewalRequests
    {
        public Task<IReadOnlyList<string>> EnqueueAsync(IReadOnlyList<RenewalMessage> messages, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(messages.Select((_, i) => $"id-{i}").ToList());

        public Task PoisonAsync(string messageText, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A manual renew records no timer run: this log refuses to be written.</summary>
    private sealed class UnusedTimerRuns : ITimerRunLog
    {
        public Task RecordAsync(TimerRun run, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TimerRun?> GetLastAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class FixedFleet : IOptionsMonitor<FleetOptions>
    {
        public FleetOptions CurrentValue { get; } = new() { Names = ["svc.example"], LoadBalancers = [new() { Name = "lb0", Address = "192.0.2.1" }] };

        public FleetOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<FleetOptions, string?> listener) => null;
    }
}
