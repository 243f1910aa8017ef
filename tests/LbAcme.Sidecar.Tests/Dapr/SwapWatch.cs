using LbAcme.DaprRollout.Rig;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// A request loop of fresh TLS connections against the rig's HAProxy while a test swaps certificates, and the PID
/// HAProxy had at the start: <see cref="AssertNoFailureAsync"/> proves the swap was a hot swap nobody noticed.
/// </summary>
internal sealed class SwapWatch : IAsyncDisposable
{
    private readonly RolloutLb _lb;
    private readonly HandshakeLoop _loop;
    private readonly int _pid;

    public SwapWatch(RolloutLb lb)
    {
        _lb = lb;
        _pid = lb.HaProxy.ProcessId;
        _loop = HandshakeLoop.Start(lb.Endpoint, RolloutLb.ServiceName, TimeSpan.FromMilliseconds(10));
    }

    /// <summary>Stops the loop; every request succeeded, there were some, and HAProxy is the process it was.</summary>
    public async Task AssertNoFailureAsync()
    {
        await _loop.DisposeAsync();
        Assert.True(_loop.Failures == 0, $"{_loop.Failures} of {_loop.Handshakes + _loop.Failures} requests failed, the last: {_loop.LastFailure}");
        Assert.True(_loop.Handshakes > 0, "the request loop completed no request");
        Assert.False(_lb.HaProxy.HasExited, _lb.HaProxy.Output);
        Assert.Equal(_pid, _lb.HaProxy.ProcessId);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();
}
