using System.Net;
using System.Net.Sockets;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// Before telling the CA, ask the public URL ourselves through every VIP and every LB address, with the
/// service name as Host, until each answers every deposited key authorization — so a sidecar that has not
/// synced yet, or a broken fan-out, costs us a retry instead of a failed validation at the CA (Let's
/// Encrypt allows only 5 per identifier per hour).
/// </summary>
public sealed class SelfTest
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public SelfTest(HttpClient http, TimeProvider time)
    {
        _http = http;
        _time = time;
    }

    /// <summary>Null when every address answered every token in time; else what still failed, per address.</summary>
    public async Task<string?> RunAsync(string host, IReadOnlyList<(string Address, int Port)> targets, IReadOnlyDictionary<string, string> keyAuthorizations, TimeSpan deadline, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(keyAuthorizations);
        var pending = targets.SelectMany(t => keyAuthorizations.Select(k => (Target: t, Token: k.Key, Expected: k.Value))).ToList();
        var failures = new Dictionary<string, string>();
        var giveUpAt = _time.GetUtcNow() + deadline;
        while (true)
        {
            var results = await Task.WhenAll(pending.Select(async p => (p, Error: await ProbeAsync(host, p.Target, p.Token, p.Expected, requestTimeout, cancellationToken))));
            pending = results.Where(r => r.Error is not null).Select(r => r.p).ToList();
            failures = results.Where(r => r.Error is not null).ToDictionary(r => $"{Url(r.p.Target, r.p.Token)}", r => r.Error!);
            if (pending.Count == 0)
            {
                return null;
            }
            if (_time.GetUtcNow() >= giveUpAt)
            {
                return string.Join("; ", failures.Select(f => $"{f.Key}: {f.Value}"));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, cancellationToken);
        }
    }

    private async Task<string?> ProbeAsync(string host, (string Address, int Port) target, string token, string expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(target, token));
        request.Headers.Host = host;
        try
        {
            using var response = await _http.SendAsync(request, cts.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode}";
            }
            var body = (await response.Content.ReadAsStringAsync(cts.Token)).Trim();
            return body == expected ? null : "wrong key authorization";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            return e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : e.Message;
        }
    }

    private static Uri Url((string Address, int Port) target, string token)
    {
        var host = IPAddress.TryParse(target.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address;
        return new Uri($"http://{host}:{target.Port}/.well-known/acme-challenge/{token}");
    }
}
