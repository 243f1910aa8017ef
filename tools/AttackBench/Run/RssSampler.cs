using LbAcme.AttackBench.Fleet;

namespace LbAcme.AttackBench.Run;

/// <summary>Reads the fleet's largest RSS every <see cref="Interval"/> until disposed; <see cref="PeakMb"/> is the highest read.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private double _peakMb;

    public RssSampler(AttackFleet fleet)
    {
        _peakMb = fleet.MaxRssMb();
        _sampling = Task.Run(() => SampleAsync(fleet));
    }

    public double PeakMb => Volatile.Read(ref _peakMb);

    private async Task SampleAsync(AttackFleet fleet)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Volatile.Write(ref _peakMb, Math.Max(PeakMb, fleet.MaxRssMb()));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
