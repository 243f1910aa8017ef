using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;

namespace LbAcme.Functions.Tests.OperatorActions;

/// <summary>
/// POST /api/operator/revoke against real Pebble and Azurite: Pebble reports the LB's stored certificate revoked with
/// the reason given, and a forced renewal of that LB and certificate waits on the queue; a second revoke is told apart
/// and still renews; wrong input is a 400 problem naming the field, and nothing reaches the CA or the queue.
/// </summary>
public sealed class RevokeTests : IAsyncLifetime
{
    private OperatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await OperatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("superseded", 4)]
    [InlineData("keyCompromise", 1)]
    public async Task Revoking_an_LBs_certificate_revokes_it_at_the_CA_with_the_reason_and_queues_a_forced_renewal(string reason, int code)
    {
        Assert.True((await _h.Host.FireTimerAsync(OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
        var stored = await new BlobCertificateStore(_h.Fleet.CertificateContainer).GetInfoAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb1"), CancellationToken.None);

        var (status, body, _) = await _h.RevokeAsync($$"""{"lb":"lb1","reason":"{{reason}}"}""");

        Assert.Equal(200, status);
        Assert.Equal("Revoked", body.GetProperty("outcome").GetString());
        Assert.Equal(stored!.Leaf.SerialNumber, body.GetProperty("serial").GetString());
        Assert.Equal(reason == "keyCompromise" ? "certificate key" : "account key", body.GetProperty("signedWith").GetString());
        Assert.Equal(("Revoked", (int?)code), await _h.Fleet.Pebble.GetCertificateRevocationAsync(stored.Leaf.SerialNumber));
        var message = Assert.Single(await _h.QueuedAsync());
        Assert.Equal("lb1", message.GetProperty("lb").GetString());
        Assert.True(message.GetProperty("force").GetBoolean());
        Assert.Equal("default", message.GetProperty("certificate").GetString());
        Assert.Equal(FunctionNames.RevokeCertificate, message.GetProperty("trigger").GetString());
        // The other LB's certificate is untouched.
        var other = await new BlobCertificateStore(_h.Fleet.CertificateContainer).GetInfoAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb0"), CancellationToken.None);
        Assert.Equal("Valid", await _h.Fleet.Pebble.GetCertificateStatusAsync(other!.Leaf.SerialNumber));
    }

    [Fact]
    public async Task A_certificate_revoked_already_is_said_so_and_still_renewed_then_the_LB_gets_a_new_one()
    {
        Assert.True((await _h.Host.FireTimerAsync(OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
        var store = new BlobCertificateStore(_h.Fleet.CertificateContainer);
        var revoked = (await store.GetInfoAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb0"), CancellationToken.None))!.Leaf.SerialNumber;

        var first = await _h.RevokeAsync("""{"lb":"lb0","certificate":"default","reason":"cessationOfOperation"}""");
        var second = await _h.RevokeAsync("""{"lb":"lb0","reason":"unspecified"}""");

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal("AlreadyRevoked", second.Body.GetProperty("outcome").GetString());
        Assert.Contains("already revoked", second.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await _h.QueuedAsync()).Count(m => m.GetProperty("lb").GetString() == "lb0"));
        // The queued renewal is forced: the LB gets a new certificate although the revoked one is far from due.
        await _h.Host.DrainAndReportAsync(OperatorHarness.Deadline, CancellationToken.None);
        var renewed = (await store.GetInfoAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb0"), CancellationToken.None))!.Leaf.SerialNumber;
        Assert.NotEqual(revoked, renewed);
        Assert.Equal("Valid", await _h.Fleet.Pebble.GetCertificateStatusAsync(renewed));
    }

    [Theory]
    [InlineData("""{"reason":"superseded"}""", "lb: required")]
    [InlineData("""{"lb":"lb7","reason":"superseded"}""", "no load balancer named 'lb7'")]
    [InlineData("""{"lb":"lb0","certificate":"mail","reason":"superseded"}""", "no certificate named 'mail'")]
    [InlineData("""{"lb":"lb0"}""", "reason: required; give one of unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation")]
    [InlineData("""{"lb":"lb0","reason":"certificateHold"}""", "'certificateHold' is not one")]
    [InlineData("""{"lb":"lb0","reson":"superseded"}""", "not the JSON this action takes")]
    [InlineData("""["lb0"]""", "not the JSON this action takes")]
    public async Task Wrong_input_is_a_400_problem_naming_it_and_nothing_is_queued(string json, string named)
    {
        var (status, body, contentType) = await _h.RevokeAsync(json);

        Assert.Equal(400, status);
        Assert.Equal(AdminProblem.ContentType, contentType);
        Assert.Equal("badRequest", body.GetProperty("code").GetString());
        Assert.Contains(named, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _h.QueuedAsync());
    }

    [Fact]
    public async Task An_LB_without_a_stored_certificate_is_a_404_and_nothing_is_queued()
    {
        var (status, body, _) = await _h.RevokeAsync("""{"lb":"lb0","reason":"superseded"}""");

        Assert.Equal(404, status);
        Assert.Equal("notStored", body.GetProperty("code").GetString());
        Assert.Empty(await _h.QueuedAsync());
    }

    [Fact]
    public async Task A_certificate_from_another_ACME_directory_is_refused_untouched()
    {
        Assert.True((await _h.Host.FireTimerAsync(OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
        var store = new BlobCertificateStore(_h.Fleet.CertificateContainer);
        var name = FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb0");
        var current = (await store.GetAsync(name, CancellationToken.None))!;
        // The same certificate, re-imported as if issued through another CA's directory.
        using (var bundle = CertificateBundle.Parse(current.Pem))
        {
            var tags = current.Tags.ToDictionary(t => t.Key, t => t.Value);
            tags[CertificateTags.Directory] = "https://acme.other-ca.example/directory";
            await store.ImportAsync(name, bundle, tags, CancellationToken.None);
        }

        var (status, body, _) = await _h.RevokeAsync("""{"lb":"lb0","reason":"superseded"}""");

        Assert.Equal(409, status);
        Assert.Equal("fromAnotherDirectory", body.GetProperty("code").GetString());
        Assert.Contains("other-ca.example", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Valid", await _h.Fleet.Pebble.GetCertificateStatusAsync(body.GetProperty("serial").GetString()!));
        Assert.Empty(await _h.QueuedAsync());
    }
}
