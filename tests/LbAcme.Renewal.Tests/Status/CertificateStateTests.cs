using System.Text.Json;
using System.Text.Json.Nodes;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;
using static LbAcme.Renewal.Tests.Status.StatusScenario;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>
/// An LB with several certificates: each judged on its own issued copy, deploy entry, state and SNI handshakes; the LB
/// the worst of them with its first certificate's facts on top; a waiting order said with its limit and end, and no
/// longer once the clock passes it; a VIP judged per certificate; the one-certificate fleet's document as before.
/// </summary>
public sealed class CertificateStateTests
{
    private const string Lb0 = "127.0.0.1:443";

    private static readonly IssuedCertificateEntry Web = Issued("0A", Now.AddDays(-5));
    private static readonly IssuedCertificateEntry Api = Issued("0B", Now.AddDays(-5));
    private static readonly IssuedCertificateEntry Mail = Issued("0C", Now.AddDays(-5));

    private static ServedObservation Handshake(string certificate, string serverName, IssuedCertificateEntry leaf, string address = Lb0,
        ServedAddressKind kind = ServedAddressKind.Lb, string? lb = "lb0", bool namesCovered = true) =>
        Presented(address, kind, lb, leaf.Serial, leaf.NotBefore, leaf.NotAfter, serverName: serverName, namesCovered: namesCovered) with { Certificate = certificate };

    private static LbStatusInput ThreeCertificates(LbState? apiState, LbState? mailState) => new("lb0",
    [
        new CertificateStatusInput("web", ["web.example", "lb0.example"], Web, Deployed("web", Web.Serial, Web.NotAfter, Now.AddDays(-5)), Renewed("lb0", Web.StoredAt!.Value)),
        new CertificateStatusInput("api", ["api.example"], Api, Deployed("api", Api.Serial, Api.NotAfter, Now.AddDays(-5)), apiState),
        new CertificateStatusInput("mail", ["mail.example"], Mail, Deployed("mail", Mail.Serial, Mail.NotAfter, Now.AddDays(-5)), mailState),
    ], 60);

    private static ServedReport AllServed() => Report(
        Handshake("web", "web.example", Web), Handshake("web", "lb0.example", Web), Handshake("api", "api.example", Api), Handshake("mail", "mail.example", Mail));

    private static LbState WaitingForLimit() => new()
    {
        Lb = "lb0",
        Certificate = "api",
        DueReason = "Backstop",
        WaitingUntil = Now.AddHours(5),
        WaitingFor = "certificates per registered domain example: 50 per 7 days",
    };

    [Fact]
    public void One_ok_one_waiting_for_a_limit_one_failing_make_the_LB_failing_with_its_first_certificates_facts_on_top()
    {
        var failing = Failed("lb0", 2, "unauthorized", "the CA could not fetch the challenge for mail.example") with { Certificate = "mail" };

        var lb = Evaluate(AllServed(), ThreeCertificates(WaitingForLimit(), failing)).LoadBalancers.Single();

        var certificates = lb.Certificates!;
        Assert.Equal(["web", "api", "mail"], certificates.Select(c => c.Certificate));
        Assert.Equal([CertificateState.Ok, CertificateState.Ok, CertificateState.Failing], certificates.Select(c => c.State));
        Assert.Equal(CertificateState.Failing, lb.State);
        Assert.StartsWith("certificate mail: the last 2 attempts failed: the CA could not fetch the challenge", lb.Summary, StringComparison.Ordinal);
        Assert.Contains("runs/lb0.mail/", lb.Action, StringComparison.Ordinal);
        // The waiting order says until when and for which limit; the certificate still serves, so it is ok.
        var api = certificates[1];
        Assert.Equal((Now.AddHours(5), "certificates per registered domain example: 50 per 7 days", "Backstop"), (api.WaitingUntil, api.WaitingFor, api.DueReason));
        Assert.Contains("its due order waits until 2026-12-02 14:00 UTC for certificates per registered domain example: 50 per 7 days", api.Summary, StringComparison.Ordinal);
        Assert.Null(api.Action);
        // Top-level facts are the first certificate's, as in documents before several certificates.
        Assert.Equal((Web, Web.Serial, 0, (string?)null), (lb.Issued, lb.Deployed!.Serial, lb.ConsecutiveFailures, lb.LastProblem));
        Assert.Equal(certificates.SelectMany(c => c.Addresses), lb.Addresses);
        Assert.Equal(["web", "web", "api", "mail"], lb.Addresses.Select(a => a.Certificate));
    }

    [Fact]
    public void Once_the_clock_passes_the_end_of_the_wait_the_summary_no_longer_claims_it()
    {
        var inputs = Inputs(AllServed(), ThreeCertificates(WaitingForLimit(), null));

        var during = StatusEvaluator.Evaluate(inputs).LoadBalancers.Single().Certificates![1];
        var after = StatusEvaluator.Evaluate(inputs with { Now = Now.AddHours(5).AddMinutes(1) }).LoadBalancers.Single().Certificates![1];

        Assert.Contains("waits until", during.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("waits until", after.Summary, StringComparison.Ordinal);
        // The state's fields stay as stored: the engine clears them when it orders.
        Assert.Equal(Now.AddHours(5), after.WaitingUntil);
    }

    [Fact]
    public void A_certificate_never_issued_whose_first_order_waits_is_rolling_out_and_says_what_it_waits_for()
    {
        var lb = new LbStatusInput("lb0",
        [
            new CertificateStatusInput("web", ["web.example"], Web, null, Renewed("lb0", Web.StoredAt!.Value)),
            new CertificateStatusInput("api", ["api.example"], null, null, WaitingForLimit()),
        ], null);

        var api = Evaluate(Report(Handshake("web", "web.example", Web)), lb).LoadBalancers.Single().Certificates![1];

        Assert.Equal(CertificateState.RollingOut, api.State);
        Assert.Contains("no certificate issued for lb0 yet; its due order waits until 2026-12-02 14:00 UTC", api.Summary, StringComparison.Ordinal);
        Assert.Empty(api.Addresses);
    }

    [Fact]
    public void An_SNI_answered_with_the_LBs_other_certificate_is_stuck_unless_that_certificate_carries_the_name_too()
    {
        var lb = new LbStatusInput("lb0",
        [
            new CertificateStatusInput("web", ["web.example", "shared.example"], Web, null, null),
            new CertificateStatusInput("api", ["api.example", "shared.example"], Api, null, null),
        ], null);
        var report = Report(
            Handshake("web", "web.example", Web),
            Handshake("api", "api.example", Web, namesCovered: false),
            Handshake("web", "shared.example", Api));

        var entry = Evaluate(report, lb).LoadBalancers.Single();

        var (web, api) = (entry.Certificates![0], entry.Certificates[1]);
        Assert.Equal(CertificateState.Stuck, api.State);
        Assert.Contains("for SNI api.example serves 0A, the certificate 'web', not 'api'", api.Summary, StringComparison.Ordinal);
        Assert.Contains("crt-list", api.Action, StringComparison.Ordinal);
        // shared.example is both certificates' name: HAProxy may pick either, api's copy is judged as api's.
        Assert.Equal([CertificateState.Ok, CertificateState.Ok], web.Addresses.Select(a => a.State));
        Assert.Equal(CertificateState.Stuck, entry.State);
    }

    [Fact]
    public void A_VIP_is_judged_per_certificate_against_the_LB_that_holds_it()
    {
        var lb1Web = Issued("1A", Now.AddDays(-5));
        var lb1Api = Issued("1B", Now.AddDays(-5));
        var lb1 = new LbStatusInput("lb1",
        [
            new CertificateStatusInput("web", ["web.example"], lb1Web, null, null),
            new CertificateStatusInput("api", ["api.example"], lb1Api, null, null),
        ], null);
        var report = Report(
            Handshake("web", "web.example", lb1Web, "192.0.2.1:443", ServedAddressKind.Vip, null),
            Handshake("api", "api.example", lb1Api, "192.0.2.1:443", ServedAddressKind.Vip, null),
            Handshake("api", "api.example", lb1Web, "192.0.2.2:443", ServedAddressKind.Vip, null, namesCovered: false));

        var vips = Evaluate(report, ThreeCertificates(null, null), lb1).Vips;

        Assert.Equal(["web", "api", "api"], vips.Select(v => v.Certificate));
        Assert.Equal([CertificateState.Ok, CertificateState.Ok, CertificateState.Stuck], vips.Select(v => v.State));
        Assert.Contains("the certificate 'web', not 'api'", vips[2].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_from_an_older_probe_names_no_certificate_and_counts_as_the_first()
    {
        var report = Report(Presented(Lb0, ServedAddressKind.Lb, "lb0", Web.Serial, Web.NotBefore, Web.NotAfter, serverName: "web.example"));

        var lb = Evaluate(report, ThreeCertificates(null, null)).LoadBalancers.Single();

        Assert.Single(lb.Certificates![0].Addresses);
        Assert.Equal("web", lb.Addresses.Single().Certificate);
        Assert.All(lb.Certificates.Skip(1), c => Assert.Empty(c.Addresses));
    }

    [Fact]
    public void The_one_certificate_fleets_document_is_as_before_plus_the_added_fields()
    {
        var issued = Issued("0A", Now.AddDays(-10));
        var state = new LbState { Lb = "lb0", LastAttempt = Now.AddHours(-1), LastOutcome = LbOutcomeKind.Failed, LastProblem = "CA down", ConsecutiveFailures = 2, NextAttempt = Now.AddHours(1) };
        var served = Report(Presented(Lb0, ServedAddressKind.Lb, "lb0", "0A", issued.NotBefore, issued.NotAfter),
            Presented("192.0.2.1:443", ServedAddressKind.Vip, null, "0A", issued.NotBefore, issued.NotAfter));
        var document = Evaluate(served, new LbStatusInput("lb0", issued, Deployed("0A", issued.NotAfter, Now.AddDays(-10), 60), state));

        var lb = document.LoadBalancers.Single();
        var only = Assert.Single(lb.Certificates!);
        Assert.Equal("default", only.Certificate);
        // Every top-level field is the one certificate's, the summary without a certificate prefix, as before.
        Assert.Equal((lb.State, lb.Summary, lb.Action, lb.Issued, lb.Deployed), (only.State, only.Summary, only.Action, only.Issued, only.Deployed));
        Assert.Equal((lb.LastAttempt, lb.LastOutcome, lb.LastProblem, lb.ConsecutiveFailures, lb.NextCheck), (only.LastAttempt, only.LastOutcome, only.LastProblem, only.ConsecutiveFailures, only.NextCheck));
        Assert.Equal(CertificateState.Failing, lb.State);
        Assert.StartsWith("the last 2 attempts failed: CA down", lb.Summary, StringComparison.Ordinal);
        Assert.Contains("runs/lb0/", lb.Action, StringComparison.Ordinal);
        // The JSON keeps every field it had; only "certificates" (LB) and "certificate" (address) are new.
        var json = JsonNode.Parse(JsonSerializer.Serialize(document, StatusJson.Default.FleetStatusDocument))!;
        string[] lbFields = ["lb", "state", "summary", "action", "issued", "deployed", "lastAttempt", "lastOutcome", "lastProblem", "consecutiveFailures",
            "nextCheck", "lastReason", "dueReason", "addresses", "certificates"];
        Assert.Equal(lbFields.Order(), json["loadBalancers"]![0]!.AsObject().Select(p => p.Key).Order());
        string[] addressFields = ["address", "kind", "lb", "serverName", "state", "summary", "action", "probedAt", "error", "served", "certificate"];
        Assert.Equal(addressFields.Order(), json["vips"]![0]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("default", (string?)json["vips"]![0]!["certificate"]);
    }
}
