using System.Collections.Concurrent;

namespace LbAcme.Sidecar.Tests.CertificateSync.Several;

/// <summary>Bounded TLS handshakes against an LB's HAProxy, round-robin over server names, until cancelled; every failure is kept.</summary>
internal static class HandshakeLoop
{
    public static async Task<int> RunAsync(SeveralCertificatesLb lb, IReadOnlyList<string> names, ConcurrentDictionary<(string Sni, string Serial), int> seen,
        ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var handshakes = 0;
        var loops = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < 4000 && !stop.IsCancellationRequested; i++)
            {
                var sni = names[i % names.Count];
                try
                {
                    var serial = await lb.ServedSerialAsync(sni);
                    seen.AddOrUpdate((sni, serial), 1, (_, n) => n + 1);
                }
                catch (Exception e)
                {
                    failures.Enqueue($"{sni}: {e.GetType().Name}: {e.Message}");
                }
                Interlocked.Increment(ref handshakes);
            }
        }));
        await Task.WhenAll(loops);
        return handshakes;
    }
}
