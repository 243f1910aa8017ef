using System.Text.Json;
using System.Text.Json.Nodes;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Time.Testing;
using static LbAcme.Renewal.Tests.Status.StatusScenario;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// One notification subject per (LB, certificate), built from documents the real evaluator makes: a failing certificate
/// is told about under its own subject with its name in every payload, while its LB's healthy certificate stays quiet;
/// the one-certificate fleet keeps the subjects it had, so an upgrade repeats no notice.
/// </summary>
public sealed class CertificateSubjectTests
{
    private static LbStatusInput TwoCertificates(LbState? apiState)
    {
        var web = Issued("0A", Now.AddDays(-5));
        var api = Issued("0B", Now.AddDays(-5));
        return new LbStatusInput("lb1",
        [
            new CertificateStatusInput("web", ["web.example"], web, Deployed("web", "0A", web.NotAfter, Now.AddDays(-5)), Renewed("lb1", web.StoredAt!.Value)),
            new CertificateStatusInput("api", ["api.example"], api, Deployed("api", "0B", api.NotAfter, Now.AddDays(-5)), apiState),
        ], null);
    }

    private static ServedReport BothServed() => Report(
        Presented("127.0.1.1:443", ServedAddressKind.Lb, "lb1", "0A", Now.AddDays(-5), Now.AddDays(85), serverName: "web.example") with { Certificate = "web" },
        Presented("127.0.1.1:443", ServedAddressKind.Lb, "lb1", "0B", Now.AddDays(-5), Now.AddDays(85), serverName: "api.example") with { Certificate = "api" });

    [Fact]
    public void Each_certificate_of_an_LB_is_its_own_subject_and_the_default_keeps_the_LBs()
    {
        var failing = Failed("lb1", 3, "connection", "no route to api.example");
        var several = Evaluate(BothServed(), TwoCertificates(failing));
        var shorthand = Evaluate(null, new LbStatusInput("lb1", Issued("0A", Now.AddDays(-5)), null, null));

        var findings = FleetFindings.From(several, failingAfter: 3, statusUrl: null);
        var before = FleetFindings.From(shorthand, failingAfter: 3, statusUrl: null);

        Assert.Equal(["fleet", "lb/lb1.web", "lb/lb1.web/budget", "lb/lb1.api", "lb/lb1.api/budget"], findings.Select(f => f.Subject));
        var api = Assert.Single(findings, f => f.Subject == "lb/lb1.api");
        Assert.Equal(("failing", "api", "lb1"), (api.Condition, api.Event!.Certificate, api.Event.Lb));
        Assert.Equal("no route to api.example", api.Event.Problem);
        Assert.True(Assert.Single(findings, f => f.Subject == "lb/lb1.web").IsOk);
        // The subjects a fleet had before several certificates existed: a condition already told is not told again.
        Assert.Equal(["fleet", "lb/lb1", "lb/lb1/budget"], before.Select(f => f.Subject));
        Assert.Equal(FleetFindings.LbSubject("lb1"), FleetFindings.LbSubject("lb1", "default"));
    }

    [Fact]
    public void A_certificate_whose_order_waits_for_a_limit_is_a_budget_notice_naming_the_limit_and_the_time()
    {
        var waiting = new LbState { Lb = "lb1", DueReason = "AriWindow", WaitingUntil = Now.AddHours(5), WaitingFor = "certificates per registered domain example: 50 per 7 days" };

        var findings = FleetFindings.From(Evaluate(BothServed(), TwoCertificates(waiting)), failingAfter: 3, statusUrl: null);

        var budget = Assert.Single(findings, f => f.Subject == "lb/lb1.api/budget");
        Assert.Equal(("rate_limited", "api"), (budget.Condition, budget.Event!.Certificate));
        Assert.Contains("lb1's certificate api is due for renewal (AriWindow)", budget.Event.Summary, StringComparison.Ordinal);
        Assert.Contains("until 2026-12-02 14:00:00Z: certificates per registered domain example: 50 per 7 days", budget.Event.Summary, StringComparison.Ordinal);
        Assert.True(Assert.Single(findings, f => f.Subject == "lb/lb1.web/budget").IsOk);
        Assert.True(Assert.Single(findings, f => f.Subject == "lb/lb1.api").IsOk);
    }

    [Fact]
    public async Task The_payloads_name_the_certificate_generic_as_a_field_Slack_and_Teams_as_a_fact()
    {
        await using var generic = await WebhookReceiver.StartAsync();
        await using var slack = await WebhookReceiver.StartAsync();
        await using var teams = await WebhookReceiver.StartAsync();
        var document = Evaluate(BothServed(), TwoCertificates(Failed("lb1", 3, "connection", "no route to api.example")));
        var harness = new NotifierHarness(new FakeTimeProvider(Now), document);
        var notifier = harness.Create(
            NotifierHarness.Channel(generic, WebhookKind.Generic, "generic"),
            NotifierHarness.Channel(slack, WebhookKind.Slack, "slack"),
            NotifierHarness.Channel(teams, WebhookKind.Teams, "teams"));

        await notifier.NotifyFleetAsync(CancellationToken.None);
        await notifier.NotifyFleetAsync(CancellationToken.None);

        var g = JsonDocument.Parse(Assert.Single(generic.Requests).Body).RootElement;
        Assert.Equal(("failing", "lb1", "api"), (g.GetProperty("event").GetString(), g.GetProperty("lb").GetString(), g.GetProperty("certificate").GetString()));
        var s = JsonNode.Parse(Assert.Single(slack.Requests).Body)!;
        Assert.StartsWith("CRITICAL failing: lb1 api", (string?)s["text"], StringComparison.Ordinal);
        var fields = s["blocks"]!.AsArray().Single(b => b!["fields"] is not null)!["fields"]!.AsArray().Select(f => (string?)f!["text"]);
        Assert.Contains("*Certificate*\napi", fields);
        var card = JsonNode.Parse(Assert.Single(teams.Requests).Body)!["attachments"]![0]!["content"]!;
        var facts = card["body"]!.AsArray().Single(b => (string?)b!["type"] == "FactSet")!["facts"]!.AsArray();
        Assert.Contains(facts, f => (string?)f!["title"] == "Certificate" && (string?)f["value"] == "api");
    }
}
