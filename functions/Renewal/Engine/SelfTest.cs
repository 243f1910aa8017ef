using System.Net;
using System.Net.Sockets;
using LbAcme.Core.Store;

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

    /// <summary>
    /// Null when every required target, and every optional target that is reachable, answers every key
    /// authorization, and at least one target answered; else what still failed, per URL.
    /// </summary>
    /// <remarks>
    /// Two phases. Until the owning LB answers (its sidecar polls the store), only the owner is asked: every
    /// other address would answer through a fan-out across the whole fleet, and asking N addresses every
    /// half second cost a 50-LB fleet more CPU than the orders themselves. Then every address, once, and again
    /// only where it failed. Each token is asked with its own identifier as Host, as the CA will.
    /// </remarks>
    public async Task<string?> RunAsync(IReadOnlyList<SelfTestTarget> targets, IReadOnlyList<SelfTestChallenge> challenges, TimeSpan deadline, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(challenges);
        var giveUpAt = _time.GetUtcNow() + deadline;
        if (targets.Where(t => t.Owner).ToList() is { Count: > 0 } owners && owners.Count < targets.Count)
        {
            // The owner unreachable (a stopped LB) ends this phase too: the others will say whether anyone serves it.
            var held = await RunPhaseAsync(owners, challenges, giveUpAt, requestTimeout, requireAnswer: false, cancellationToken);
            if (held is not null)
            {
                return held;
            }
        }
        return await RunPhaseAsync(targets, challenges, giveUpAt, requestTimeout, requireAnswer: true, cancellationToken);
    }

    private async Task<string?> RunPhaseAsync(IReadOnlyList<SelfTestTarget> targets, IReadOnlyList<SelfTestChallenge> challenges, DateTimeOffset giveUpAt, TimeSpan requestTimeout, bool requireAnswer, CancellationToken cancellationToken)
    {
        var pending = targets.SelectMany(t => challenges.Select(c => (Target: t, Challenge: c))).ToList();
        var answered = 0;
        while (true)
        {
            var results = await Task.WhenAll(pending.Select(async p => (p, Probe: await ProbeAsync(p.Target, p.Challenge, requestTimeout, cancellationToken))));
            answered += results.Count(r => r.Probe.Error is null);
            // An optional address that cannot be reached at all is a stopped LB, not a broken answer.
            pending = results.Where(r => r.Probe.Error is not null && (r.p.Target.Required || r.Probe.Reachable)).Select(r => r.p).ToList();
            if (pending.Count == 0 && (answered > 0 || !requireAnswer))
            {
                return null;
            }
            if (_time.GetUtcNow() >= giveUpAt)
            {
                var failed = results.Where(r => r.Probe.Error is not null).Select(r => $"{Url(r.p.Target, r.p.Challenge.Token)}: {r.Probe.Error}");
                return string.Join("; ", failed);
            }
            if (pending.Count == 0)
            {
                pending = results.Select(r => r.p).ToList();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, cancellationToken);
        }
    }

    private async Task<(string? Error, bool Reachable)> ProbeAsync(SelfTestTarget target, SelfTestChallenge challenge, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(target, challenge.Token));
        request.Headers.Host = challenge.Host;
        if (challenge.Owner is not null)
        {
            request.Headers.TryAddWithoutValidation(ChallengeHeaders.Owner, challenge.Owner);
        }
        try
        {
            using var response = await _http.SendAsync(request, cts.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return ($"HTTP {(int)response.StatusCode}", true);
            }
            var body = (await response.Content.ReadAsStringAsync(cts.Token)).Trim();
            return (body == challenge.KeyAuthorization ? null : "wrong key authorization", true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"no answer within {timeout.TotalSeconds:0.#} s", false);
        }
        catch (HttpRequestException e)
        {
            return (e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : e.Message, false);
        }
    }

    private static Uri Url(SelfTestTarget target, string token)
    {
        var host = IPAddress.TryParse(target.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address;
        return new Uri($"http://{host}:{target.Port}/.well-known/acme-challenge/{token}");
    }
}
