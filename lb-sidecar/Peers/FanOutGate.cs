using System.Numerics;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Caps fan-outs in flight, overall and per source. Over a cap a request is refused at once (503), never queued: a
/// queue would turn a flood into latency for the CA, and the per-source cap keeps one client's flood of misses from
/// taking every slot from the CA's validations. Sources are counted in a fixed table indexed by a per-process
/// randomized hash (no allocation, no lock). Two sources sharing a slot share a budget; the table has 16 slots per
/// fan-out that can be in flight, so a client shares one with a source at its cap only by rare chance, and the seed
/// keeps a client from choosing addresses that land on another's slot.
/// </summary>
internal sealed class FanOutGate
{
    private readonly int _max;
    private readonly int _maxPerSource;
    private readonly int[] _perSource;
    private readonly int _mask;
    private int _inFlight;

    public FanOutGate(IOptions<SidecarOptions> options)
    {
        _max = options.Value.Limits.MaxConcurrentFanOuts;
        _maxPerSource = options.Value.Peers.MaxFanOutsPerSource;
        _perSource = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(_max * 16, 1024, 1 << 18))];
        _mask = _perSource.Length - 1;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Lets a fan-out for <paramref name="source"/> in, or says which cap it hit; an admitted one must <see cref="Exit"/>.</summary>
    public bool TryEnter(ClientSource source, out FanOutRefusal refusal)
    {
        ref var ofSource = ref _perSource[SlotOf(source)];
        if (Interlocked.Increment(ref ofSource) > _maxPerSource)
        {
            Interlocked.Decrement(ref ofSource);
            refusal = FanOutRefusal.Source;
            return false;
        }
        if (Interlocked.Increment(ref _inFlight) > _max)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Decrement(ref ofSource);
            refusal = FanOutRefusal.Full;
            return false;
        }
        refusal = default;
        return true;
    }

    /// <summary>Ends a fan-out <see cref="TryEnter"/> admitted.</summary>
    public void Exit(ClientSource source)
    {
        Interlocked.Decrement(ref _perSource[SlotOf(source)]);
        Interlocked.Decrement(ref _inFlight);
    }

    private int SlotOf(ClientSource source) => HashCode.Combine(source.Bits, source.IsV6) & _mask;
}
