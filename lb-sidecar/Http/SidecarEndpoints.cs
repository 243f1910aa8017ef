using System.Net;
using LbAcme.Sidecar.Events;
using LbAcme.Sidecar.Http.Admission;
using LbAcme.Sidecar.Lifecycle;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// Kestrel's listeners (public, peer, metrics, and daprd's app port when rollout events are on) with tight limits,
/// and one request delegate that dispatches on the local port. No routing or middleware: every request is one of a
/// few tiny handlers. Kestrel
/// binds nothing itself: it accepts on the daemon's listening sockets (<see cref="ListeningSockets"/>), which outlive
/// a reload.
/// </summary>
internal static class SidecarEndpoints
{
    public static void ConfigureKestrel(KestrelServerOptions kestrel, SidecarOptions sidecar, ListenHandles handles, ListenerAdmissions admissions)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestLineSize = sidecar.Limits.MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = sidecar.Limits.MaxRequestHeadersBytes;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestBodySize = 1024;
        // Connections are counted by each listener's admission instead (Limits:MaxConnections, per source too).
        limits.MaxConcurrentConnections = null;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        Listen(kestrel, handles.Public, admissions.Public);
        Listen(kestrel, handles.Peer, admissions.Peer);
        if (handles.Metrics is { } metrics)
        {
            Listen(kestrel, metrics, admissions.Metrics);
        }
        if (handles.Events is { } events)
        {
            Listen(kestrel, events, admissions.Dapr);
        }
    }

    public static void MapListeners(WebApplication app)
    {
        var directory = app.Services.GetRequiredService<PeerDirectory>();
        var sidecar = app.Services.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var httpPort = directory.Self.HttpPort;
        var peerPort = directory.Self.PeerPort;
        var metricsPort = IPEndPoint.TryParse(sidecar.MetricsEndpoint, out var metrics) ? metrics.Port : -1;
        var publicListener = app.Services.GetRequiredService<PublicListener>();
        var peerListener = app.Services.GetRequiredService<PeerListener>();
        var metricsListener = app.Services.GetRequiredService<MetricsListener>();
        // Registered only when rollout events are on (RolloutEvents), as is the app port's socket.
        var daprListener = app.Services.GetService<DaprAppListener>();
        var appPort = daprListener is null ? -1 : sidecar.CertificateSync.Dapr.AppPort;
        app.Run(context =>
        {
            var port = context.Connection.LocalPort;
            if (port == httpPort)
            {
                return publicListener.HandleAsync(context);
            }
            if (port == peerPort)
            {
                return peerListener.HandleAsync(context);
            }
            if (port == metricsPort)
            {
                return metricsListener.HandleAsync(context);
            }
            if (port == appPort)
            {
                return daprListener!.HandleAsync(context);
            }
            return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
        });
    }

    private static void Listen(KestrelServerOptions kestrel, int handle, ConnectionAdmission admission) =>
        kestrel.ListenHandle((ulong)handle, options =>
        {
            options.Protocols = HttpProtocols.Http1;
            options.Use(admission.Wrap);
        });
}
