using System.Net;
using LbAcme.Sidecar.Http.Admission;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// Kestrel's three listeners (public, peer, metrics) with tight limits, and one request delegate that
/// dispatches on the local port. No routing or middleware: every request is one of three tiny handlers.
/// </summary>
internal static class SidecarEndpoints
{
    public static void ConfigureKestrel(KestrelServerOptions kestrel, SidecarOptions sidecar, int httpPort, int peerPort, ListenerAdmissions admissions)
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
        var address = IPAddress.Parse(sidecar.ListenAddress);
        Listen(kestrel, address, httpPort, admissions.Public);
        Listen(kestrel, address, peerPort, admissions.Peer);
        if (IPEndPoint.TryParse(sidecar.MetricsEndpoint, out var metrics))
        {
            Listen(kestrel, metrics.Address, metrics.Port, admissions.Metrics);
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
            return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
        });
    }

    private static void Listen(KestrelServerOptions kestrel, IPAddress address, int port, ConnectionAdmission admission)
    {
        void Http1(ListenOptions options)
        {
            options.Protocols = HttpProtocols.Http1;
            options.Use(admission.Wrap);
        }
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Any))
        {
            kestrel.ListenAnyIP(port, Http1); // dual-stack, so VIPs of either family are served
        }
        else
        {
            kestrel.Listen(address, port, Http1);
        }
    }
}
