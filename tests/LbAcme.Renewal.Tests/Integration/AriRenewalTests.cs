using Azure.Storage.Blobs;
using LbAcme.Acme.Certificates;
using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Origin;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// The engine follows the CA's ARI advice for the certificate it holds: a window not yet open means wait
/// (even though the certificate is far from its backstop either way), an open window means renew now,
/// sending "replaces" with the old certificate's CertID so Let's Encrypt counts it as exempt. A certificate of
/// another ACME directory is re-issued at once, without "replaces" (this CA did not issue it).
/// </summary>
public sealed class AriRenewalTests : IAsyncLifetime
{
    private const string Name = "svc.lbacme.example";
    private AzuriteFixture _azurite = null!;
    private AriCaDouble _ca = null!;
    private string _ariId = null!;
    private string _chainPem = null!;
    private string _keyPem = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        await new BlobContainerClient(_azurite.ConnectionString, "lb-acme").CreateIfNotExistsAsync();
        var certificates = new BlobContainerClient(_azurite.ConnectionString, "certificates");
        await certificates.CreateIfNotExistsAsync();
        _ca = await AriCaDouble.StartAsync();
        // A 90-day certificate issued 10 days ago: 80 days left, nowhere near the 30-day backstop.
        var (chainPem, key) = _ca.Issue([Name], DateTimeOffset.UtcNow.AddDays(-10), TimeSpan.FromDays(90));
        _chainPem = chainPem;
        using (key)
        {
            _keyPem = key.ExportPkcs8Pem();
        }
        _ariId = AriCaDouble.AriIdOf(chainPem);
        await ImportCurrentAsync(_ca.DirectoryUrl);
    }

    /// <summary>The LB's current certificate, tagged as issued through <paramref name="directory"/>.</summary>
    private async Task ImportCurrentAsync(Uri directory)
    {
        using var bundle = CertificateBundle.From(CertificateChain.Parse(_chainPem), Acme.Jose.AcmeKey.FromPem(_keyPem));
        var certificates = new BlobContainerClient(_azurite.ConnectionString, "certificates");
        await new BlobCertificateStore(certificates).ImportAsync("lbacme-lb0", bundle, CertificateTags.Create("lb0", bundle.Leaf, directory, null, null, _ariId), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _ca.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_window_that_has_not_opened_means_no_order_and_a_check_no_later_than_the_window()
    {
        _ca.Windows[_ariId] = (DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(4));
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings(Name, _ca.DirectoryUrl, _azurite));

        var report = await engine.GetRequiredService<IRenewalRunner>().RunAsync(new RunRequest("test"), CancellationToken.None);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(LbOutcomeKind.NotDue, outcome.Outcome);
        Assert.True(outcome.NextCheck <= DateTimeOffset.UtcNow.AddHours(6).AddMinutes(1), "ARI's Retry-After (6 h) bounds the next check");
        Assert.Empty(_ca.Replaces);
    }

    [Fact]
    public async Task An_open_window_renews_now_and_the_order_replaces_the_old_certificate()
    {
        _ca.Windows[_ariId] = (DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1));
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings(Name, _ca.DirectoryUrl, _azurite));

        var report = await engine.GetRequiredService<IRenewalRunner>().RunAsync(new RunRequest("test"), CancellationToken.None);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(LbOutcomeKind.Renewed, outcome.Outcome);
        Assert.Equal("AriWindow", outcome.Reason);
        Assert.Equal(_ariId, Assert.Single(_ca.Replaces));
        var stored = await new BlobCertificateStore(new BlobContainerClient(_azurite.ConnectionString, "certificates")).GetInfoAsync("lbacme-lb0", CancellationToken.None);
        Assert.Equal(outcome.Serial, stored!.Leaf.SerialNumber);
        Assert.NotEqual(_ariId, stored.Tags[CertificateTags.AriId]);
    }

    [Fact]
    public async Task A_certificate_of_another_directory_is_reissued_at_once_without_replaces_and_tagged_with_the_new_directory()
    {
        // ARI would say "not yet": the directory change alone makes it due, and the new CA is asked nothing about the old certificate.
        _ca.Windows[_ariId] = (DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(4));
        await ImportCurrentAsync(new Uri("https://acme-old.example/directory"));
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings(Name, _ca.DirectoryUrl, _azurite));

        var report = await engine.GetRequiredService<IRenewalRunner>().RunAsync(new RunRequest("test"), CancellationToken.None);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(LbOutcomeKind.Renewed, outcome.Outcome);
        Assert.Equal(nameof(RenewalReason.DirectoryChanged), outcome.Reason);
        Assert.Null(Assert.Single(_ca.Replaces)); // one order, with no "replaces"
        var stored = await new BlobCertificateStore(new BlobContainerClient(_azurite.ConnectionString, "certificates")).GetInfoAsync("lbacme-lb0", CancellationToken.None);
        Assert.Equal(AcmeDirectoryTag.Value(_ca.DirectoryUrl), stored!.Tags[CertificateTags.Directory]);
        var status = Assert.Single((await EngineStatus.GetAsync(engine)).LoadBalancers);
        Assert.Equal(nameof(RenewalReason.DirectoryChanged), status.LastReason);
    }

    [Fact]
    public async Task A_directory_change_the_stagger_holds_back_waits_and_the_status_says_why()
    {
        await ImportCurrentAsync(new Uri("https://acme-old.example/directory"));
        // Another LB of the same name set was ordered a moment ago: like a first issuance, this one waits its turn.
        var budgets = new BlobIssuanceBudgets(new BlobContainerClient(_azurite.ConnectionString, "lb-acme"));
        var other = await budgets.TryReserveAsync([Name], "lb9", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), CancellationToken.None);
        Assert.NotNull(other.Reservation);
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings(Name, _ca.DirectoryUrl, _azurite));
        var runner = engine.GetRequiredService<IRenewalRunner>();

        var outcome = Assert.Single((await runner.RunAsync(new RunRequest("test"), CancellationToken.None)).Outcomes);

        Assert.Equal(LbOutcomeKind.Deferred, outcome.Outcome);
        Assert.Equal(nameof(RenewalReason.DirectoryChanged), outcome.Reason);
        Assert.True(outcome.NextCheck > DateTimeOffset.UtcNow.AddMinutes(50), "the first-issuance stagger (1 h) holds it back");
        Assert.Empty(_ca.Replaces);
        var status = Assert.Single((await EngineStatus.GetAsync(engine)).LoadBalancers);
        Assert.Equal(nameof(RenewalReason.DirectoryChanged), status.DueReason);
        Assert.Equal(outcome.NextCheck, status.NextCheck);
    }

    [Fact]
    public async Task The_same_directory_spelled_differently_is_not_a_change()
    {
        _ca.Windows[_ariId] = (DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(4));
        var spelled = new UriBuilder(_ca.DirectoryUrl) { Host = _ca.DirectoryUrl.Host.ToUpperInvariant(), Path = _ca.DirectoryUrl.AbsolutePath + "/" }.Uri;
        await ImportCurrentAsync(spelled);
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings(Name, _ca.DirectoryUrl, _azurite));

        var report = await engine.GetRequiredService<IRenewalRunner>().RunAsync(new RunRequest("test"), CancellationToken.None);

        Assert.Equal(LbOutcomeKind.NotDue, Assert.Single(report.Outcomes).Outcome);
    }

}
