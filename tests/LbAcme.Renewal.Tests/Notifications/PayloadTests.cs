using System.Text.Json;
using System.Text.Json.Nodes;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Renewal.Notifications;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// What each kind of receiver gets, received over real HTTP: the generic JSON with every documented field, Slack's text
/// and blocks, Teams' message with an Adaptive Card 1.4. Text from outside (a CA's problem) is escaped for each. One
/// sample per kind is saved under the test output (notification-samples/) for the README and the closing note.
/// </summary>
public sealed class PayloadTests(ITestOutputHelper output)
{
    /// <summary>The generic payload's documented fields (functions/README.md, "Notifications").</summary>
    public static readonly string[] GenericFields =
        ["event", "severity", "lb", "address", "state", "previousState", "summary", "action", "problem", "serial", "notAfter", "statusUrl", "occurredAt", "reminder", "certificate"];

    private const string Hostile = "<!channel> & <https://evil.example|click> {{DATE(2017-02-14T06:08:39Z, SHORT)}} [x](https://evil.example) **bold**";

    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    public static string SampleDirectory => Path.Combine(AppContext.BaseDirectory, "notification-samples");

    [Fact]
    public async Task Each_kind_of_receiver_gets_its_payload_shape_and_a_sample_is_saved()
    {
        await using var generic = await WebhookReceiver.StartAsync();
        await using var slack = await WebhookReceiver.StartAsync();
        await using var teams = await WebhookReceiver.StartAsync();
        var status = StatusDocuments.Fleet(Now, CertificateState.Failing, failures: 3,
            problem: "ACME error from https://acme-v02.api.letsencrypt.org/acme/new-order (HTTP 429): urn:ietf:params:acme:error:rateLimited: too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s, retry after 2026-12-03 08:00:00 UTC");
        var harness = new NotifierHarness(new FakeTimeProvider(Now), status);
        var notifier = harness.Create(
            NotifierHarness.Channel(generic, WebhookKind.Generic, "generic"),
            NotifierHarness.Channel(slack, WebhookKind.Slack, "slack"),
            NotifierHarness.Channel(teams, WebhookKind.Teams, "teams"));

        await notifier.NotifyFleetAsync(CancellationToken.None);

        var g = Single(generic, "generic");
        foreach (var field in GenericFields)
        {
            Assert.True(g.ContainsKey(field), $"generic payload lacks '{field}'");
        }
        Assert.Equal(("failing", "critical", "lb1", "failing", "ok"), ((string?)g["event"], (string?)g["severity"], (string?)g["lb"], (string?)g["state"], (string?)g["previousState"]));
        Assert.Equal(("0A1B", NotifierHarness.StatusUrl.AbsoluteUri), ((string?)g["serial"], (string?)g["statusUrl"]));
        Assert.StartsWith("ACME error from", (string?)g["problem"], StringComparison.Ordinal);

        var s = Single(slack, "slack");
        Assert.StartsWith("CRITICAL failing: lb1", (string?)s["text"], StringComparison.Ordinal);
        var blocks = s["blocks"]!.AsArray();
        Assert.Equal("header", (string?)blocks[0]!["type"]);
        Assert.Contains(blocks, b => (string?)b!["type"] == "section" && b["fields"] is JsonArray { Count: > 0 });
        Assert.Contains(blocks, b => ((string?)b!["text"]?["text"])?.StartsWith("*Problem*", StringComparison.Ordinal) == true);
        Assert.Equal($"<{NotifierHarness.StatusUrl.AbsoluteUri}|Status page>", (string?)blocks[^1]!["elements"]![0]!["text"]);

        var t = Single(teams, "teams");
        Assert.Equal("message", (string?)t["type"]);
        var attachment = Assert.Single(t["attachments"]!.AsArray())!;
        Assert.Equal(TeamsPayload.CardContentType, (string?)attachment["contentType"]);
        var card = attachment["content"]!;
        Assert.Equal(("AdaptiveCard", "1.4"), ((string?)card["type"], (string?)card["version"]));
        Assert.Contains(card["body"]!.AsArray(), b => (string?)b!["type"] == "FactSet");
        Assert.Equal(("Action.OpenUrl", NotifierHarness.StatusUrl.AbsoluteUri), ((string?)card["actions"]![0]!["type"], (string?)card["actions"]![0]!["url"]));
        Assert.All([generic, slack, teams], r => Assert.StartsWith("application/json", Assert.Single(r.Requests).ContentType, StringComparison.Ordinal));
    }

    [Fact]
    public void Slack_text_from_outside_cannot_mention_link_or_break_the_markup()
    {
        var body = SlackPayload.Render(Event(Hostile));

        Assert.DoesNotContain("<!channel>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example", body, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;", body, StringComparison.Ordinal);
        Assert.Equal("a &amp;lt; b &amp;&amp; c &gt; d", SlackPayload.Escape("a &lt; b && c > d"));
    }

    [Fact]
    public void Teams_text_from_outside_is_shown_literally()
    {
        var card = JsonNode.Parse(TeamsPayload.Render(Event(Hostile)))!["attachments"]![0]!["content"]!;
        var runs = card["body"]!.AsArray().Where(b => (string?)b!["type"] == "RichTextBlock").Select(b => (string?)b!["inlines"]![0]!["text"]).ToList();

        // The problem is a text run (never markdown); only the DATE() opener is broken.
        Assert.Contains(runs, r => r == Hostile.Replace("{{", "{\u200B{", StringComparison.Ordinal));
        Assert.Equal(@"\[x\](https://evil.example) \*\*bold\*\* \{\{", TeamsPayload.EscapeMarkdown("[x](https://evil.example) **bold** {{"));
        Assert.Equal(@"\- not a list, 2027-03-01", TeamsPayload.EscapeMarkdown("- not a list, 2027-03-01"));
        Assert.Equal(@"1\. not a list", TeamsPayload.EscapeMarkdown("1. not a list"));
    }

    [Fact]
    public void The_generic_payload_keeps_absent_fields_as_null_so_its_schema_is_stable()
    {
        var json = JsonNode.Parse(GenericPayload.Render(new NotificationEvent(NotificationEventKind.RunOverdue, NotificationSeverity.Critical, null, null,
            "run_overdue", null, "No run", null, null, null, null, null, Now)))!.AsObject();

        Assert.Equal(GenericFields.Order(), json.Select(p => p.Key).Order());
        Assert.Null(json["lb"]);
        Assert.Equal("2026-12-02T09:00:00+00:00", (string?)json["occurredAt"]);
    }

    private static NotificationEvent Event(string problem) =>
        new(NotificationEventKind.RenewalFailed, NotificationSeverity.Critical, "lb1", null, "failing", null, "Renewal of lb1 failed", "Fix it", problem, null, null, null, Now);

    private JsonObject Single(WebhookReceiver receiver, string kind)
    {
        var body = Assert.Single(receiver.Requests).Body;
        Assert.Equal(WebhookReceiver.SecretPath + "?" + WebhookReceiver.SecretQuery, receiver.Requests.Single().PathAndQuery);
        var json = JsonNode.Parse(body)!.AsObject();
        Directory.CreateDirectory(SampleDirectory);
        var path = Path.Combine(SampleDirectory, $"{kind}.json");
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        output.WriteLine($"sample {kind} payload: {path}");
        return json;
    }
}
