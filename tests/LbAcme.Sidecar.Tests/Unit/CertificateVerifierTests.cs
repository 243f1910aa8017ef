using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Certificates;
using LbAcme.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>What may replace the deployed certificate, decided without HAProxy or a store.</summary>
public sealed class CertificateVerifierTests : IDisposable
{
    private static readonly string[] Names = ["svc.example.test", "lb0.svc.example.test"];
    private readonly TestCertificateIssuer _issuer = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CertificateVerifier _verifier;

    public CertificateVerifierTests() => _verifier = new CertificateVerifier(_time, new TrustAnchors([_issuer.Root], AcmeEnvironment.Other));

    [Fact]
    public void A_good_certificate_with_nothing_deployed_is_deployed()
    {
        var issued = _issuer.Issue(Names);

        var verdict = _verifier.Verify(issued.Bundle, deployed: null, Names, force: false);

        Assert.Equal(VerdictKind.Deploy, verdict.Kind);
        using var bundle = verdict.Bundle!;
        Assert.Equal(issued.Serial, bundle.Leaf.SerialNumber);
    }

    [Fact]
    public void Blocks_in_reverse_order_as_Key_Vault_may_return_them_are_deployed_leaf_first()
    {
        var issued = _issuer.Issue(Names);

        var verdict = _verifier.Verify($"{issued.KeyPem}\n{issued.IntermediatePem}\n{issued.LeafPem}\n", null, Names, force: false);

        Assert.Equal(VerdictKind.Deploy, verdict.Kind);
        using var bundle = verdict.Bundle!;
        Assert.StartsWith(issued.LeafPem, bundle.ToPem(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wildcard_covers_one_label_only()
    {
        var issued = _issuer.Issue(["*.example.test", "svc.example.test"]);

        var covered = _verifier.Verify(issued.Bundle, null, ["svc.example.test", "api.example.test"], force: false);
        var deeper = _verifier.Verify(issued.Bundle, null, ["lb0.svc.example.test"], force: false);

        Assert.Equal(VerdictKind.Deploy, covered.Kind);
        covered.Bundle!.Dispose();
        Assert.Equal("wrong_names", deeper.Reason);
    }

    [Fact]
    public void Not_yet_valid_is_refused_for_now_and_deployed_once_its_time_comes()
    {
        var issued = _issuer.Issue(Names, _time.GetUtcNow().AddHours(1));

        var early = _verifier.Verify(issued.Bundle, null, Names, force: false);
        _time.Advance(TimeSpan.FromHours(2));
        var later = _verifier.Verify(issued.Bundle, null, Names, force: false);

        Assert.Equal(VerdictKind.RefuseForNow, early.Kind);
        Assert.Equal(VerdictKind.Deploy, later.Kind);
        later.Bundle!.Dispose();
    }

    [Fact]
    public void The_same_certificate_is_unchanged_an_older_one_is_refused_unless_forced()
    {
        var deployedPem = _issuer.Issue(Names, _time.GetUtcNow().AddDays(-1));
        var older = _issuer.Issue(Names, _time.GetUtcNow().AddDays(-2));
        var deployed = DeployedCertificate.TryRead(deployedPem.Bundle)!;

        Assert.Equal(VerdictKind.Unchanged, _verifier.Verify(deployedPem.Bundle, deployed, Names, force: false).Kind);
        Assert.Equal("not_newer", _verifier.Verify(older.Bundle, deployed, Names, force: false).Reason);
        var forced = _verifier.Verify(older.Bundle, deployed, Names, force: true);
        Assert.Equal(VerdictKind.Deploy, forced.Kind);
        forced.Bundle!.Dispose();
    }

    [Fact]
    public void Anything_replaces_a_self_signed_bootstrap_certificate()
    {
        using var bootstrap = BootstrapCertificate.Create(Names, _time.GetUtcNow());
        var deployed = DeployedCertificate.From(bootstrap.Leaf);
        var older = _issuer.Issue(Names, _time.GetUtcNow().AddDays(-30));

        var verdict = _verifier.Verify(older.Bundle, deployed, Names, force: false);

        Assert.True(deployed.IsSelfSigned);
        Assert.Equal(VerdictKind.Deploy, verdict.Kind);
        verdict.Bundle!.Dispose();
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("key mismatch", "invalid_bundle")]
    [InlineData("missing name", "wrong_names")]
    [InlineData("foreign intermediate", "invalid_bundle")]
    [InlineData("truncated", "invalid_bundle")]
    [InlineData("no key", "invalid_bundle")]
    [InlineData("garbage", "invalid_bundle")]
    public void Bad_bundles_are_refused_for_good_with_a_reason(string kind, string reason)
    {
        using var foreign = new TestCertificateIssuer("foreign");
        var good = _issuer.Issue(Names);
        var other = _issuer.Issue(Names);
        var pem = kind switch
        {
            "expired" => _issuer.Issue(Names, _time.GetUtcNow().AddDays(-100), TimeSpan.FromDays(10)).Bundle,
            "key mismatch" => $"{good.LeafPem}\n{good.IntermediatePem}\n{other.KeyPem}\n",
            "missing name" => _issuer.Issue(["svc.example.test"]).Bundle,
            "foreign intermediate" => $"{good.LeafPem}\n{foreign.Intermediate.ExportCertificatePem()}\n{good.KeyPem}\n",
            "truncated" => good.Bundle[..^40],
            "no key" => $"{good.LeafPem}\n{good.IntermediatePem}\n",
            _ => "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
        };

        var verdict = _verifier.Verify(pem, null, Names, force: false);

        Assert.Equal(VerdictKind.Refuse, verdict.Kind);
        Assert.Equal(reason, verdict.Reason);
        Assert.Null(verdict.Bundle);
        Assert.DoesNotContain("PRIVATE KEY", verdict.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ca.example.test/directory", "ok")]
    [InlineData("HTTPS://CA.Example.Test/directory/", "ok")]
    [InlineData(null, "ok")]
    [InlineData("https://other-ca.example.test/directory", "wrong_directory")]
    [InlineData("https://ca.example.test:8443/directory", "wrong_directory")]
    public void The_directory_tag_must_name_the_fleets_directory_and_an_untagged_certificate_is_judged_by_its_chain(string? tagged, string reason)
    {
        var verifier = new CertificateVerifier(_time, new TrustAnchors([_issuer.Root], AcmeEnvironment.Other, new Uri("https://ca.example.test/directory")));
        var tags = new Dictionary<string, string> { ["lb"] = "lb0" };
        if (tagged is not null)
        {
            tags[Core.Origin.AcmeDirectoryTag.Name] = tagged;
        }

        var verdict = verifier.Verify(_issuer.Issue(Names).Bundle, null, Names, force: false, tags);

        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(reason == "ok" ? VerdictKind.Deploy : VerdictKind.Refuse, verdict.Kind);
        verdict.Bundle?.Dispose();
    }

    public void Dispose() => _issuer.Dispose();
}
