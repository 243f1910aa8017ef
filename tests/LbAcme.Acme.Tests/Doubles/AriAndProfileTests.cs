using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;
using LbAcme.LocalEnvironment;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Acme.Tests.Doubles;

/// <summary>ARI (RFC 9773) and profiles (draft-ietf-acme-profiles) on the wire, against the HTTPS double.</summary>
public sealed class AriAndProfileTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestPki _issuer = new("ARI test issuer");
    private X509Certificate2 _certificate = null!;
    private string _certId = null!;
    private AriDouble _ca = null!;

    public async Task InitializeAsync()
    {
        _certificate = _issuer.IssueServerCertificate("svc.example.com");
        // The double keys windows on an id built from the issuer's SKI, not from the leaf's AKI the client reads.
        var ski = _issuer.Ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        _certId = Base64Url.Encode(ski.Span) + "." + Base64Url.Encode(_certificate.SerialNumberBytes.Span);
        _ca = await AriDouble.StartAsync(new AriDoubleOptions
        {
            Windows = { [_certId] = (Now.AddDays(20), Now.AddDays(22)) },
        });
    }

    public async Task DisposeAsync()
    {
        await _ca.DisposeAsync();
        _certificate.Dispose();
        _issuer.Dispose();
    }

    [Fact]
    public async Task Renewal_info_returns_the_window_and_when_to_ask_again_from_Retry_After()
    {
        var info = await _ca.NewClient(_time).GetRenewalInfoAsync(_certificate, CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal(Now.AddDays(20), info.WindowStart);
        Assert.Equal(Now.AddDays(22), info.WindowEnd);
        Assert.Equal(Now.AddHours(6), info.CheckAgainAt);
        Assert.Equal(new Uri(_ca.DirectoryUrl, "why"), info.ExplanationUrl);
        Assert.Equal([_certId], _ca.RenewalInfoRequests);
        Assert.False(info.IsOpen(Now));
        Assert.True(info.IsOpen(Now.AddDays(21)));
    }

    [Theory]
    [InlineData(10, 60)]
    [InlineData(3 * 86400, 86400)]
    [InlineData(null, 6 * 3600)]
    public async Task Retry_After_is_clamped_to_a_minute_and_a_day_and_defaults_to_six_hours(int? retryAfter, int expectedSeconds)
    {
        _ca.Options.RetryAfterSeconds = retryAfter;

        var info = await _ca.NewClient(_time).GetRenewalInfoAsync(_certificate, CancellationToken.None);

        Assert.Equal(Now.AddSeconds(expectedSeconds), info!.CheckAgainAt);
    }

    [Fact]
    public async Task A_window_that_ends_before_it_starts_is_refused()
    {
        _ca.Options.Windows[_certId] = (Now.AddDays(5), Now.AddDays(4));

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => _ca.NewClient(_time).GetRenewalInfoAsync(_certificate, CancellationToken.None));

        Assert.Contains("before it starts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_the_CA_does_not_know_is_a_problem_not_a_window()
    {
        using var stranger = new TestPki("other issuer");
        using var other = stranger.IssueServerCertificate();

        var error = await Assert.ThrowsAsync<AcmeProblemException>(() => _ca.NewClient(_time).GetRenewalInfoAsync(other, CancellationToken.None));

        Assert.Equal(404, error.HttpStatus);
    }

    [Fact]
    public void A_random_renewal_time_always_falls_inside_the_window()
    {
        var info = new RenewalInfo(Now, Now.AddHours(2), null, Now);
        var random = new Random(7);

        var times = Enumerable.Range(0, 1000).Select(_ => info.ChooseRenewalTime(random)).ToList();

        Assert.All(times, t => Assert.InRange(t, Now, Now.AddHours(2)));
        Assert.True(times.Max() - times.Min() > TimeSpan.FromHours(1.5), "the times should spread over the window");
    }

    [Fact]
    public async Task An_order_names_the_certificate_it_replaces_and_the_profile_it_wants()
    {
        var client = _ca.NewClient(_time);
        var account = await client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), new NewAccountRequest(), CancellationToken.None);
        var directory = await client.GetDirectoryAsync(CancellationToken.None);

        var order = await client.NewOrderAsync(account, new NewOrderRequest(["svc.example.com"])
        {
            Profile = "tlsserver",
            Replaces = AriCertificateId.Compute(_certificate),
        }, CancellationToken.None);

        Assert.Contains("shortlived", directory.Profiles.Keys);
        var sent = Assert.Single(_ca.Orders);
        Assert.Equal("tlsserver", (string?)sent["profile"]);
        Assert.Equal(_certId, (string?)sent["replaces"]);
        Assert.Equal("tlsserver", order.Resource.Profile);
        Assert.Equal(_certId, order.Resource.Replaces);
        Assert.Equal(AcmeStatus.Ready, order.Status);
    }

    [Fact]
    public async Task A_profile_the_CA_does_not_offer_is_refused_before_anything_is_sent()
    {
        var client = _ca.NewClient(_time);
        var account = await client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), new NewAccountRequest(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.NewOrderAsync(
            account, new NewOrderRequest(["svc.example.com"]) { Profile = "forever" }, CancellationToken.None));

        Assert.Contains("classic, tlsserver, shortlived", error.Message, StringComparison.Ordinal);
        Assert.Empty(_ca.Orders);
    }

    [Fact]
    public async Task The_CA_refusing_a_replacement_is_surfaced_as_alreadyReplaced()
    {
        var client = _ca.NewClient(_time);
        var account = await client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), new NewAccountRequest(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(
            account, new NewOrderRequest(["svc.example.com"]) { Replaces = "AAAA.AAAA" }, CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.AlreadyReplaced, error.ErrorType);
    }
}

/// <summary>A CA without renewalInfo: no ARI lookups, and "replaces" is not sent (RFC 9773 §5).</summary>
public sealed class NoAriTests : IAsyncLifetime
{
    private AriDouble _ca = null!;

    public async Task InitializeAsync() => _ca = await AriDouble.StartAsync(new AriDoubleOptions { AdvertiseRenewalInfo = false });

    public async Task DisposeAsync() => await _ca.DisposeAsync();

    [Fact]
    public async Task Renewal_info_is_null_and_replaces_is_left_out_of_the_order()
    {
        using var issuer = new TestPki();
        using var certificate = issuer.IssueServerCertificate();
        var client = _ca.NewClient();
        var account = await client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), new NewAccountRequest(), CancellationToken.None);

        var info = await client.GetRenewalInfoAsync(certificate, CancellationToken.None);
        await client.NewOrderAsync(account, new NewOrderRequest(["svc.example.com"]) { Replaces = AriCertificateId.Compute(certificate) }, CancellationToken.None);

        Assert.Null(info);
        Assert.Empty(_ca.RenewalInfoRequests);
        Assert.False(Assert.Single(_ca.Orders).ContainsKey("replaces"));
    }
}
