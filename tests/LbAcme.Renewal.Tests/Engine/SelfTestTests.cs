using System.Net;
using LbAcme.Renewal.Engine;

namespace LbAcme.Renewal.Tests.Engine;

/// <summary>The self-test's two phases, and what each probe carries, against scripted addresses.</summary>
public sealed class SelfTestTests
{
    private static readonly SelfTestChallenge[] Challenges =
    [
        new("tokSvc", "svc.example", "tokSvc.thumb", "lb1"),
        new("tokOwn", "lb1.svc.example", "tokOwn.thumb", "lb1"),
    ];

    [Fact]
    public async Task Only_the_owner_is_asked_until_it_holds_the_tokens_then_every_address_with_each_tokens_host()
    {
        var sites = new ScriptedSites { OwnerMissesFirst = 2 };
        var result = await Run(sites, [Target("10.9.0.1", owner: true), Target("10.9.0.2"), Target("10.9.0.3")]);

        Assert.Equal(SelfTestOutcome.Passed, result.Outcome);
        Assert.Empty(result.Failures);
        // Two rounds of misses plus the round that answered, both tokens each time; then once more with everyone.
        Assert.Equal(8, sites.Asked("10.9.0.1"));
        // The other LBs are asked only once the owner holds everything, once per token.
        Assert.Equal(2, sites.Asked("10.9.0.2"));
        Assert.Equal(2, sites.Asked("10.9.0.3"));
        Assert.All(sites.Requests, r => Assert.Equal("lb1", r.Owner));
        Assert.Contains(sites.Requests, r => r.Token == "tokSvc" && r.Host == "svc.example");
        Assert.Contains(sites.Requests, r => r.Token == "tokOwn" && r.Host == "lb1.svc.example");
    }

    [Fact]
    public async Task A_stopped_owner_does_not_stall_the_test_the_other_addresses_decide()
    {
        var sites = new ScriptedSites { Unreachable = ["10.9.0.1"] };
        var result = await Run(sites, [Target("10.9.0.1", owner: true), Target("10.9.0.2")]);

        Assert.Equal(SelfTestOutcome.Passed, result.Outcome); // 10.9.0.2 relays it (in real life from a webroot or a restarted sidecar)
        Assert.Equal(2, sites.Asked("10.9.0.2"));
    }

    [Fact]
    public async Task An_owner_that_never_syncs_fails_by_the_deadline_and_the_others_were_never_flooded()
    {
        var sites = new ScriptedSites { OwnerMissesFirst = int.MaxValue };
        var result = await Run(sites, [Target("10.9.0.1", owner: true), Target("10.9.0.2")], TimeSpan.FromSeconds(1.2));

        Assert.Equal(SelfTestOutcome.OwnerUnanswered, result.Outcome);
        Assert.Contains(result.Failures, f => f.Url == new Uri("http://10.9.0.1/.well-known/acme-challenge/tokSvc") && f.Problem == SelfTestProblem.HttpStatus);
        Assert.All(result.Failures, f => Assert.Equal("10.9.0.1", f.Url.Host));
        Assert.Equal(0, sites.Asked("10.9.0.2"));
    }

    [Fact]
    public async Task A_wrong_answer_anywhere_fails_the_test()
    {
        var sites = new ScriptedSites { WrongAt = "10.9.0.3" };
        var result = await Run(sites, [Target("10.9.0.1", owner: true), Target("10.9.0.2"), Target("10.9.0.3")], TimeSpan.FromSeconds(1.2));

        Assert.Equal(SelfTestOutcome.AddressesUnanswered, result.Outcome);
        Assert.NotEmpty(result.Failures);
        Assert.All(result.Failures, f => Assert.Equal(("10.9.0.3", SelfTestProblem.WrongKeyAuthorization), (f.Url.Host, f.Problem)));
    }

    private static SelfTestTarget Target(string address, bool owner = false) => new(address, 80, Required: false, Owner: owner);

    private static async Task<SelfTestResult> Run(ScriptedSites sites, SelfTestTarget[] targets, TimeSpan? deadline = null)
    {
        using var http = new HttpClient(sites);
        return await new SelfTest(http, TimeProvider.System)
            .RunAsync(targets, Challenges, deadline ?? TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));
    }

    private sealed record Seen(string Address, string Token, string? Host, string? Owner);

    /// <summary>Each address answers its key authorizations; the owner (10.9.0.1) misses its first rounds.</summary>
    private sealed class ScriptedSites : HttpMessageHandler
    {
        private readonly List<Seen> _requests = [];
        private int _ownerRounds;

        public int OwnerMissesFirst { get; init; }

        public string[] Unreachable { get; init; } = [];

        public string? WrongAt { get; init; }

        public IReadOnlyList<Seen> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public int Asked(string address) => Requests.Count(r => r.Address == address);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var address = request.RequestUri!.Host;
            var token = request.RequestUri.Segments[^1];
            if (Unreachable.Contains(address))
            {
                throw new HttpRequestException("connection refused");
            }
            int ownerRound;
            lock (_requests)
            {
                _requests.Add(new Seen(address, token, request.Headers.Host, request.Headers.TryGetValues("Lb-Acme-Owner", out var o) ? o.Single() : null));
                ownerRound = address == "10.9.0.1" ? _ownerRounds++ / Challenges.Length : 0;
            }
            if (address == "10.9.0.1" && ownerRound < OwnerMissesFirst)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }
            var body = address == WrongAt ? "someone-else" : $"{token}.thumb";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}
