using System.Text.Json;
using LbAcme.Core.Served;
using LbAcme.Functions.Functions;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Served;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace LbAcme.Functions.Tests;

/// <summary>POST /api/probe answers the report it stored; a wrong probe bound stops the app at start, naming the field.</summary>
public sealed class ProbeFunctionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private sealed class FixedProbe : IServedProbe
    {
        public Task<ServedReport> RunAsync(CancellationToken cancellationToken) => Task.FromResult(new ServedReport(At, At.AddSeconds(1),
            [new ServedObservation("[2001:db8::1]:443", ServedAddressKind.Vip, null, "svc.example", At, 4.2, "connection refused: nothing listens on the port", Failure: ServedFailure.Refused)]));
    }

    private sealed class MemoryStore : IServedReportStore
    {
        public ServedReport? Saved { get; private set; }

        public Task<ServedReport?> GetLatestAsync(CancellationToken cancellationToken) => Task.FromResult(Saved);

        public Task SaveAsync(ServedReport report, CancellationToken cancellationToken)
        {
            Saved = report;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task It_answers_200_with_the_report_it_stored_as_the_status_reads_it()
    {
        var store = new MemoryStore();
        var function = new ProbeFunction(new ServedProbeRecorder(new FixedProbe(), store, NullLogger<ServedProbeRecorder>.Instance));
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;

        var answer = Assert.IsType<ContentResult>(await function.RunAsync(context.Request, CancellationToken.None));

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer.Content!);
        var observation = json.RootElement.GetProperty("observations")[0];
        Assert.Equal("[2001:db8::1]:443", observation.GetProperty("address").GetString());
        Assert.Equal("vip", observation.GetProperty("kind").GetString());
        Assert.Equal("refused", observation.GetProperty("failure").GetString());
        Assert.NotNull(store.Saved);
        Assert.Equal(store.Saved.Started, json.RootElement.GetProperty("started").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_probe_timeout_out_of_range_stops_the_worker_with_exit_2_naming_it()
    {
        await using var process = ManagedProcess.Start("function app", SidecarProcess.DotnetHost,
            [Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "timer", "--once", .. WorkerConfigurationTests.Good, "--Probe:Timeout=00:00:00"]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("Probe:Timeout", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }
}
