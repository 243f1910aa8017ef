using System.Diagnostics;
using System.Net;
using LbAcme.Sidecar.Tests.Fleet;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Clients that ask one sidecar for tokens nobody holds, from given source addresses, each pausing a random
/// 100–300 ms after every answer: what fills the sidecar is then the misses a hanging peer holds for its whole read
/// timeout (the attack), not bursts of instant answers on a busy test machine. Bounded in requests and in time.
/// </summary>
internal sealed class MissFlood : IAsyncDisposable
{
    private const int MaxRequests = 20_000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new(MaxDuration);
    private readonly List<HttpClient> _clients = [];
    private readonly Task[] _workers;
    private int _sent;
    private int _refused;
    private int _refusedWithoutRetryAfter;

    public MissFlood(Uri publicBase, IEnumerable<string> sources, int workersPerSource)
    {
        var workers = new List<Task>();
        foreach (var source in sources)
        {
            var http = SidecarHttp.Create(IPAddress.Parse(source));
            _clients.Add(http);
            workers.AddRange(Enumerable.Range(0, workersPerSource).Select(_ => Task.Run(() => WorkAsync(http, publicBase))));
        }
        _workers = [.. workers];
    }

    public int Refused => Volatile.Read(ref _refused);

    public int RefusedWithoutRetryAfter => Volatile.Read(ref _refusedWithoutRetryAfter);

    /// <summary>
    /// Waits (at most 20 s) until the sidecar has refused the flood at least once, i.e. it is at a cap, and then half a
    /// second more, so what the flood holds (a hanging peer's read timeout) is held when the caller starts.
    /// </summary>
    public async Task<bool> WaitUntilRefusedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (Refused == 0 && clock.Elapsed < TimeSpan.FromSeconds(20) && !_stop.IsCancellationRequested)
        {
            await Task.Delay(50);
        }
        await Task.Delay(500);
        return Refused > 0;
    }

    private async Task WorkAsync(HttpClient http, Uri publicBase)
    {
        while (!_stop.IsCancellationRequested && Interlocked.Increment(ref _sent) <= MaxRequests)
        {
            try
            {
                using (var response = await http.GetAsync(new Uri(publicBase, "/.well-known/acme-challenge/flood" + FanOutTests.NewToken()), _stop.Token))
                {
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref _refused);
                        if (response.Headers.RetryAfter is null)
                        {
                            Interlocked.Increment(ref _refusedWithoutRetryAfter);
                        }
                    }
                }
                await Task.Delay(Random.Shared.Next(100, 300), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
            {
                // stopping, or the sidecar hung up on a flooder: either is the flood's problem, not the test's
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        foreach (var http in _clients)
        {
            http.Dispose();
        }
        _stop.Dispose();
    }
}
