using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// Proves the socket event loop still turns: a datagram to itself over loopback, whose receive was pending before
/// it was sent, so only the event loop can complete it; the same thread that completes every challenge request.
/// A loop stuck in a handler, or a process out of threads, fails this before it fails a CA.
/// </summary>
internal sealed class EventLoopProbe : IDisposable
{
    private readonly Socket _receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _received = new byte[8];
    private long _sequence;

    public EventLoopProbe()
    {
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>True when the datagram came back within <paramref name="timeout"/>.</summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var sequence = ++_sequence;
        var sent = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(sent, sequence);
        try
        {
            // Pending before the send: its completion can only come from the event loop.
            var received = _receiver.ReceiveAsync(_received, SocketFlags.None, deadline.Token);
            await _sender.SendToAsync(sent, SocketFlags.None, _receiver.LocalEndPoint!, deadline.Token);
            // A datagram of an earlier probe that timed out may arrive first; only this probe's counts.
            while (await received == sent.Length && BinaryPrimitives.ReadInt64LittleEndian(_received) != sequence)
            {
                received = _receiver.ReceiveAsync(_received, SocketFlags.None, deadline.Token);
            }
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _sender.Dispose();
    }
}
