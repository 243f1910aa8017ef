using System.Net;
using System.Net.Sockets;
using LbAcme.Core.Challenges;
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
    /// Passed when every required target, and every optional target that is reachable, answers every key
    /// authorization, and at least one target answered; else which phase gave up and what still failed, per URL.
    /// </summary>
    /// <remarks>
    /// Two phases. Until the owning LB answers (its sidecar polls the store), only the owner is asked: every
    /// other address would answer through a fan-out across the whole fleet, and asking N addresses every
    /// half second cost a 50-LB fleet more CPU than the orders themselves. Then every address, once, and again
    /// only where it failed. Each token is asked with its own identifier as Host, as the CA will.
    /// </remarks>
    public async Task<SelfTestResult> RunAsync(IReadOnlyList<SelfTestTarget> targets, IReadOnlyList<SelfTestChallenge> challenges, TimeSpan deadline, TimeSpan requestTimeout, CancellationToken cancellationToken)
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
                return new SelfTestResult(SelfTestOutcome.OwnerUnanswered, held);
            }
        }
        var failed = await RunPhaseAsync(targets, challenges, giveUpAt, requestTimeout, requireAnswer: true, cancellationToken);
        return failed is null ? SelfTestResult.Pass : new SelfTestResult(SelfTestOutcome.AddressesUnanswered, failed);
    }

    /// <summary>Null when the phase passed; else the probes that failed in its last round.</summary>
    private async Task<IReadOnlyList<SelfTestFailure>?> RunPhaseAsync(IReadOnlyList<SelfTestTarget> targets, IReadOnlyList<SelfTestChallenge> challenges, DateTimeOffset giveUpAt, TimeSpan requestTimeout, bool requireAnswer, CancellationToken cancellationToken)
    {
        var pending = targets.SelectMany(t => challenges.Select(c => (Target: t, Challenge: c))).ToList();
        var answered = 0;
        while (true)
        {
            var results = await Task.WhenAll(pending.Select(async p => (p, Probe: await ProbeAsync(p.Target, p.Challenge, requestTimeout, cancellationToken))));
            answered += results.Count(r => r.Probe.Problem is null);
            // An optional address that cannot be reached at all is a stopped LB, not a broken answer.
            pending = results.Where(r => r.Probe.Problem is { } problem && (r.p.Target.Required || problem is SelfTestProblem.HttpStatus or SelfTestProblem.WrongKeyAuthorization)).Select(r => r.p).ToList();
            if (pending.Count == 0 && (answered > 0 || !requireAnswer))
            {
                return null;
            }
            if (_time.GetUtcNow() >= giveUpAt)
            {
                return results.Where(r => r.Probe.Problem is not null)
                    .Select(r => new SelfTestFailure(Url(r.p.Target, r.p.Challenge.Token), r.Probe.Problem!.Value, r.Probe.Detail))
                    .ToList();
            }
            if (pending.Count == 0)
            {
                pending = results.Select(r => r.p).ToList();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, cancellationToken);
        }
    }

    /// <summary>No problem when the key authorization came back; else the problem and its detail.</summary>
    private async Task<(SelfTestProblem? Problem, string Detail)> ProbeAsync(SelfTestTarget target, SelfTestChallenge challenge, TimeSpan timeout, CancellationToken cancellationToken)
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
                return (SelfTestProblem.HttpStatus, $"HTTP {(int)response.StatusCode}");
            }
            var body = (await response.Content.ReadAsStringAsync(cts.Token)).Trim();
            return body == challenge.KeyAuthorization ? (null, "") : (SelfTestProblem.WrongKeyAuthorization, "wrong key authorization");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (SelfTestProblem.Timeout, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return (SelfTestProblem.Unreachable, e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : e.Message);
        }
    }

    private static Uri Url(SelfTestTarget target, string token)
    {
        var host = IPAddress.TryParse(target.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address;
        return new Uri($"http://{host}:{target.Port}{ChallengeToken.PathOf(token)}");
    }
}
