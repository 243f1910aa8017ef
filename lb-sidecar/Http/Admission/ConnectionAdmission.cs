using System.Net;
using System.Runtime.InteropServices;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.AspNetCore.Connections;

namespace LbAcme.Sidecar.Http.Admission;

/// <summary>
/// Decides on accept, before a byte is read, whether a connection of one listener is served: the peer allow-list,
/// then a share per source (<see cref="ClientSource"/>), then the listener's total. A refused connection is
/// closed at once, so it holds no slot; a flood of them costs an accept and a close each, is counted, and is
/// logged at most once per source per minute. This replaces Kestrel's MaxConcurrentConnections, which counts
/// every connection before anything can look at its source and logs a warning for every one it turns away.
/// </summary>
internal sealed partial class ConnectionAdmission
{
    private readonly string _listener;
    private readonly PeerAllowList? _allowList;
    private readonly long _maxConnections;
    private readonly int _maxPerSource;
    private readonly ConnectionMetrics _metrics;
    private readonly SourceLogThrottle _throttle;
    private readonly ILogger _logger;
    private readonly Dictionary<ClientSource, int> _perSource = [];
    private readonly Lock _lock = new();
    private long _open;

    public ConnectionAdmission(string listener, PeerAllowList? allowList, long maxConnections, int maxPerSource, ConnectionMetrics metrics, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _allowList = allowList;
        _maxConnections = maxConnections;
        _maxPerSource = maxPerSource;
        _metrics = metrics;
        _throttle = new SourceLogThrottle(time);
        _logger = logger;
    }

    /// <summary>The middleware, for <c>ListenOptions.Use</c>: outermost, so nothing of a refused connection runs.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection =>
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var source = ClientSource.From(address);
        if (Admit(address, source) is { } refusal)
        {
            Refuse(connection, source, refusal);
            return Task.CompletedTask;
        }
        return ServeAsync(connection, source, next);
    };

    private ConnectionRefusal? Admit(IPAddress? address, ClientSource source)
    {
        if (_allowList is not null && !_allowList.Allows(address))
        {
            return ConnectionRefusal.NotAllowed;
        }
        lock (_lock)
        {
            if (_open >= _maxConnections)
            {
                return ConnectionRefusal.ListenerLimit;
            }
            ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(_perSource, source, out _);
            if (held >= _maxPerSource)
            {
                return ConnectionRefusal.SourceLimit;
            }
            held++;
            _open++;
        }
        return null;
    }

    private async Task ServeAsync(ConnectionContext connection, ClientSource source, ConnectionDelegate next)
    {
        _metrics.Opened();
        try
        {
            await next(connection);
        }
        finally
        {
            Release(source);
            _metrics.Closed();
        }
    }

    private void Release(ClientSource source)
    {
        lock (_lock)
        {
            _open--;
            ref var held = ref CollectionsMarshal.GetValueRefOrNullRef(_perSource, source);
            if (--held == 0)
            {
                _perSource.Remove(source);
            }
        }
    }

    private void Refuse(ConnectionContext connection, ClientSource source, ConnectionRefusal refusal)
    {
        _metrics.Refused(refusal);
        switch (_throttle.Check(source))
        {
            case LogVerdict.Log:
                LogRefused(_logger, source.ToString(), _listener, refusal.Label());
                break;
            case LogVerdict.WindowFull:
                LogManySources(_logger, _listener, SourceLogThrottle.MaxSourcesPerWindow);
                break;
        }
        connection.Transport.Input.Complete();
        connection.Transport.Output.Complete();
    }

    [LoggerMessage(EventId = 3601, Level = LogLevel.Warning,
        Message = "Refused a connection from {Source} to the {Listener} listener ({Reason}); more from it within a minute are only counted in lbacme_sidecar_connections_refused_total")]
    private static partial void LogRefused(ILogger logger, string source, string listener, string reason);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning,
        Message = "Refused connections to the {Listener} listener from more than {Sources} sources within a minute; the rest are only counted in lbacme_sidecar_connections_refused_total")]
    private static partial void LogManySources(ILogger logger, string listener, int sources);
}
