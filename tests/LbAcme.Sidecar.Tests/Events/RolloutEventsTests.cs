using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Events;
using LbAcme.Sidecar.Lifecycle;
using LbAcme.Sidecar.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>The app port, its handler and the wake exist only for certificate sync from "dapr" with events on.</summary>
public sealed class RolloutEventsTests
{
    [Theory]
    [InlineData(true, "dapr", true, true)]
    [InlineData(true, "dapr", false, false)]
    [InlineData(false, "dapr", true, false)]
    [InlineData(true, "blob", true, false)]
    [InlineData(true, "keyvault", true, false)]
    public void Only_dapr_with_events_on_listens_on_the_app_port(bool enabled, string store, bool events, bool listens)
    {
        var sidecar = new SidecarOptions { LoadBalancer = "lb0", ListenAddress = "::", MetricsEndpoint = "" };
        sidecar.CertificateSync.Enabled = enabled;
        sidecar.CertificateSync.Store = store;
        sidecar.CertificateSync.Dapr.Events = events;
        sidecar.CertificateSync.Dapr.AppPort = 31099;
        var self = new LoadBalancerOptions { Name = "lb0", Address = "10.0.0.4", HttpPort = 80, PeerPort = 31080 };

        var endpoints = ListenEndpoints.From(sidecar, self);

        Assert.Equal(listens, RolloutEvents.IsOn(sidecar));
        Assert.Equal(listens, SidecarParts.From(new FleetOptions { LoadBalancers = [self] }, sidecar).RolloutEvents);
        Assert.Equal(listens ? new IPEndPoint(IPAddress.Loopback, 31099) : null, endpoints.Events);
        Assert.Equal(listens ? 3 : 2, endpoints.All.Count()); // no metrics endpoint configured
    }
}
