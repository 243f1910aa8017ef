using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Sidecar.Certificates;
using LbAcme.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding 10: a self-consistent chain is not enough; it must lead to a root the fleet trusts, and a Let's Encrypt
/// fleet never deploys the other environment's certificates. Decided by the verifier, without a store or HAProxy.
/// </summary>
public sealed class TrustAnchorTests : IDisposable
{
    private static readonly string[] Names = ["svc.example.test"];
    private readonly TestCertificateIssuer _fleetCa = new("fleet CA");
    private readonly TestCertificateIssuer _otherCa = new("other CA");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _directory = Directory.CreateTempSubdirectory("trust-anchors").FullName;

    [Fact]
    public void A_self_signed_attacker_certificate_for_the_right_names_is_refused_as_untrusted()
    {
        var (_, bundle) = SelfSignedBundle.Create("CN=attacker", Names, _time.GetUtcNow().AddMinutes(-5));

        var verdict = Verifier(_fleetCa.Root, AcmeEnvironment.Other).Verify(bundle, deployed: null, Names, force: false);

        Assert.Equal(VerdictKind.Refuse, verdict.Kind);
        Assert.Equal(DeployRefusals.UntrustedChain, verdict.Reason);
        Assert.Contains("CN=attacker", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_chain_from_another_CA_is_refused_and_the_fleet_CA_chain_is_deployed()
    {
        var verifier = Verifier(_fleetCa.Root, AcmeEnvironment.Other);

        var foreign = verifier.Verify(_otherCa.Issue(Names).Bundle, null, Names, force: false);
        var good = verifier.Verify(_fleetCa.Issue(Names).Bundle, null, Names, force: false);

        Assert.Equal(DeployRefusals.UntrustedChain, foreign.Reason);
        Assert.Equal(VerdictKind.Deploy, good.Kind);
        good.Bundle!.Dispose();
    }

    [Fact]
    public void A_chain_that_includes_a_foreign_root_itself_is_still_refused()
    {
        var foreign = _otherCa.Issue(Names);

        var verdict = Verifier(_fleetCa.Root, AcmeEnvironment.Other)
            .Verify($"{foreign.LeafPem}\n{foreign.IntermediatePem}\n{_otherCa.Root.ExportCertificatePem()}\n{foreign.KeyPem}\n", null, Names, force: false);

        Assert.Equal(DeployRefusals.UntrustedChain, verdict.Reason);
    }

    [Fact]
    public void A_production_fleet_refuses_a_staging_certificate_by_name_of_the_mistake()
    {
        var production = TrustAnchors.Load(Fleet(LetsEncrypt.ProductionDirectory));
        using var staging = new TestCertificateIssuer("(STAGING) Pretend Pear X1");

        var verdict = new CertificateVerifier(_time, production).Verify(staging.Issue(Names).Bundle, null, Names, force: false);

        Assert.Equal(DeployRefusals.WrongEnvironment, verdict.Reason);
        Assert.Contains("staging", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_staging_fleet_refuses_a_production_certificate()
    {
        using var stagingCa = new TestCertificateIssuer("(STAGING) Bogus Broccoli X2");
        // Issuer names as Let's Encrypt production writes them ("O=Let's Encrypt" on its intermediates).
        using var productionLike = new TestCertificateIssuer("R13, O=Let's Encrypt");
        var verifier = Verifier(stagingCa.Root, AcmeEnvironment.Staging);

        var refused = verifier.Verify(productionLike.Issue(Names).Bundle, null, Names, force: false);
        var accepted = verifier.Verify(stagingCa.Issue(Names).Bundle, null, Names, force: false);

        Assert.Equal(DeployRefusals.WrongEnvironment, refused.Reason);
        Assert.Equal(VerdictKind.Deploy, accepted.Kind);
        accepted.Bundle!.Dispose();
    }

    [Fact]
    public void A_Lets_Encrypt_production_fleet_needs_no_setting_and_trusts_exactly_ISRG_Root_X1_and_X2()
    {
        Assert.True(TrustAnchors.TryLoad(Fleet(LetsEncrypt.ProductionDirectory), out var anchors, out var problem), problem);

        Assert.Equal(["ISRG Root X1", "ISRG Root X2"], anchors.Roots.Select(r => r.GetNameInfo(X509NameType.SimpleName, false)).Order());
        Assert.Equal(AcmeEnvironment.Production, anchors.Environment);
    }

    [Fact]
    public void Any_other_directory_must_name_its_roots_and_a_staging_fleet_is_told_where_the_staging_roots_are()
    {
        Assert.False(TrustAnchors.TryLoad(Fleet(new Uri("https://127.0.0.1:14000/dir")), out _, out var pebble));
        Assert.False(TrustAnchors.TryLoad(Fleet(LetsEncrypt.StagingDirectory), out _, out var staging));

        Assert.StartsWith("Fleet:TrustedRoots: required for the ACME directory 'https://127.0.0.1:14000/dir'", pebble, StringComparison.Ordinal);
        Assert.StartsWith("Fleet:TrustedRoots:Path:", staging, StringComparison.Ordinal);
        Assert.Contains("letsencrypt-stg-root-x1.pem", staging, StringComparison.Ordinal);
    }

    [Fact]
    public void A_production_fleet_given_a_file_without_the_production_roots_is_refused_at_start()
    {
        var path = Path.Combine(_directory, "roots.pem");
        File.WriteAllText(path, _fleetCa.Root.ExportCertificatePem());
        var fleet = Fleet(LetsEncrypt.ProductionDirectory);
        fleet.TrustedRoots.Path = path;

        Assert.False(TrustAnchors.TryLoad(fleet, out _, out var problem));
        Assert.Equal($"Fleet:TrustedRoots: none of the 1 certificates in '{path}' has a key pinned by Let's Encrypt production", problem);
    }

    [Fact]
    public void Explicit_pins_select_roots_from_the_file()
    {
        var path = Path.Combine(_directory, "two-roots.pem");
        File.WriteAllText(path, _fleetCa.Root.ExportCertificatePem() + "\n" + _otherCa.Root.ExportCertificatePem() + "\n");
        var fleet = Fleet(new Uri("https://ca.example.test/directory"));
        fleet.TrustedRoots.Path = path;
        fleet.TrustedRoots.SpkiSha256 = [TrustAnchors.SpkiPin(_fleetCa.Root)];

        Assert.True(TrustAnchors.TryLoad(fleet, out var anchors, out var problem), problem);
        var verifier = new CertificateVerifier(_time, anchors);

        Assert.Equal(DeployRefusals.UntrustedChain, verifier.Verify(_otherCa.Issue(Names).Bundle, null, Names, force: false).Reason);
        verifier.Verify(_fleetCa.Issue(Names).Bundle, null, Names, force: false).Bundle!.Dispose();
    }

    private CertificateVerifier Verifier(X509Certificate2 root, AcmeEnvironment environment) =>
        new(_time, new TrustAnchors([X509CertificateLoader.LoadCertificate(root.RawData)], environment));

    private static FleetOptions Fleet(Uri directory) => new() { AcmeDirectoryUrl = directory };

    public void Dispose()
    {
        _fleetCa.Dispose();
        _otherCa.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
