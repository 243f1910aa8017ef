using System.Text;
using System.Text.Json.Nodes;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// A Slack incoming webhook body: <c>text</c> (the notification and fallback line) and Block Kit <c>blocks</c>. Every
/// piece of text that came from outside (a CA's problem, an LB's summary) is escaped as Slack's mrkdwn requires
/// (&amp;, &lt;, &gt;), so it cannot turn into a link or an @channel mention.
/// </summary>
public static class SlackPayload
{
    // Slack refuses a section text over 3000 characters and a header over 150.
    private const int SectionLimit = 3000;
    private const int HeaderLimit = 150;

    public static string Render(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var title = NotificationText.Title(e);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(title, HeaderLimit) } },
            Section(Escape(e.Summary)),
        };
        var fields = new JsonArray();
        foreach (var (name, value) in NotificationText.Facts(e))
        {
            fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{name}*\n{Escape(value)}" });
        }
        blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        if (e.Problem is { } problem)
        {
            blocks.Add(Section($"*Problem*\n{Escape(problem)}"));
        }
        if (e.Action is { } action)
        {
            blocks.Add(Section($"*What to do*\n{Escape(action)}"));
        }
        if (e.StatusUrl is { } url)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{Escape(url.AbsoluteUri)}|Status page>" } },
            });
        }
        return new JsonObject { ["text"] = Escape($"{title}: {e.Summary}"), ["blocks"] = blocks }.ToJsonString(WebhookJson.Options);
    }

    /// <summary>Slack's mrkdwn control characters as entities; everything else is shown as written.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(mrkdwn, SectionLimit) } };

    // Cut before the limit, never inside an entity ("&amp;" cut to "&am" would show as text).
    private static string Cut(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }
        var cut = text[..(limit - 1)];
        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && cut.IndexOf(';', amp) < 0)
        {
            cut = cut[..amp];
        }
        return cut + "…";
    }
}
