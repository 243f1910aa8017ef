using LbAcme.Core.Served;
using LbAcme.Renewal.Served;
using Microsoft.Extensions.Logging.Abstractions;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>The probe after the timer's enqueue: a store that fails is a log line for the timer, an error for POST /api/probe.</summary>
public sealed class ServedProbeRecorderTests
{
    private static readonly ServedReport Report = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1),
        [new ServedObservation("192.0.2.1:443", ServedAddressKind.Vip, null, "svc.example", DateTimeOffset.UnixEpoch, 3, "connection refused", Failure: ServedFailure.Refused)]);

    private sealed class FixedProbe : IServedProbe
    {
        public Task<ServedReport> RunAsync(CancellationToken cancellationToken) => Task.FromResult(Report);
    }

    private sealed class Store(bool fail) : IServedReportStore
    {
        public ServedReport? Saved { get; private set; }

        public Task<ServedReport?> GetLatestAsync(CancellationToken cancellationToken) => Task.FromResult(Saved);

        public Task SaveAsync(ServedReport report, CancellationToken cancellationToken)
        {
            if (fail)
            {
                throw new IOException("store down");
            }
            Saved = report;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_report_is_stored_and_returned()
    {
        var store = new Store(fail: false);

        var report = await new ServedProbeRecorder(new FixedProbe(), store, NullLogger<ServedProbeRecorder>.Instance).TryRecordAsync(CancellationToken.None);

        Assert.Same(Report, report);
        Assert.Same(Report, store.Saved);
    }

    [Fact]
    public async Task A_store_that_fails_does_not_fail_the_timer_but_does_fail_an_explicit_probe()
    {
        var recorder = new ServedProbeRecorder(new FixedProbe(), new Store(fail: true), NullLogger<ServedProbeRecorder>.Instance);

        Assert.Null(await recorder.TryRecordAsync(CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => recorder.RecordAsync(CancellationToken.None));
    }
}
