using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>Caps fan-outs in flight. Over the cap a request is refused at once (503), never queued: a queue would turn a flood into latency for the CA.</summary>
internal sealed class FanOutGate(IOptions<SidecarOptions> options)
{
    private readonly int _max = options.Value.Limits.MaxConcurrentFanOuts;
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) > _max)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }
        return true;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
