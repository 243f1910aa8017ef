using System.Net;
using LbAcme.Certificates.Stores;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Events;

/// <summary>
/// Whether this configuration listens for daprd's new-version events: certificate sync on, from the "dapr" store,
/// with <see cref="CertificateDaprOptions.Events"/> on. Decided in one place, because the listening socket, the
/// request handler and the wake of the certificate loop must come and go together.
/// </summary>
internal static class RolloutEvents
{
    /// <summary>The largest event body read (a Key Vault event is under 1 KiB; daprd's envelope adds a few hundred bytes).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static bool IsOn(SidecarOptions sidecar) =>
        sidecar.CertificateSync is { Enabled: true, Store: CertificateStores.Dapr, Dapr.Events: true };

    /// <summary>daprd's app port on IPv4 loopback only (daprd calls the app on 127.0.0.1), or null when events are off.</summary>
    public static IPEndPoint? Endpoint(SidecarOptions sidecar) =>
        IsOn(sidecar) ? new IPEndPoint(IPAddress.Loopback, sidecar.CertificateSync.Dapr.AppPort) : null;
}
