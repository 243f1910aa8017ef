using System.Text;
using System.Text.Json.Nodes;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// A Microsoft Teams workflow webhook body: a message with one Adaptive Card (1.4) attachment. Free text from outside
/// (summary, the CA's problem, the action) goes into RichTextBlock text runs, which Teams does not read as markdown;
/// the short facts go into a FactSet, whose values are markdown, so their markdown characters are backslash-escaped.
/// Both lose "{{", which would start an Adaptive Card DATE()/TIME() function.
/// </summary>
public static class TeamsPayload
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    // Inline markdown anywhere; '{' for the DATE()/TIME() functions. Block markers only matter at the start (below).
    private const string Markdown = "\\`*_[]~<>{}";

    public static string Render(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = EscapeMarkdown(NotificationText.Title(e)),
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
                ["color"] = e.Severity switch { NotificationSeverity.Critical => "Attention", NotificationSeverity.Warning => "Warning", _ => "Good" },
            },
            Plain(e.Summary),
        };
        var facts = new JsonArray();
        foreach (var (title, value) in NotificationText.Facts(e))
        {
            facts.Add(new JsonObject { ["title"] = title, ["value"] = EscapeMarkdown(value) });
        }
        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        if (e.Problem is { } problem)
        {
            body.Add(Heading("Problem"));
            body.Add(Plain(problem, monospace: true));
        }
        if (e.Action is { } action)
        {
            body.Add(Heading("What to do"));
            body.Add(Plain(action));
        }
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (e.StatusUrl is { } url)
        {
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the status page", ["url"] = url.AbsoluteUri } };
        }
        var message = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = CardContentType, ["contentUrl"] = null, ["content"] = card } },
        };
        return message.ToJsonString(WebhookJson.Options);
    }

    /// <summary>
    /// Text shown literally in a TextBlock or FactSet (CommonMark backslash escapes): inline markup anywhere, and a list
    /// or heading marker at the start ("- ", "# ", "1. ").
    /// </summary>
    public static string EscapeMarkdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var marker = (i == 0 && c is '-' or '+' or '#') || (i == digits && i > 0 && c is '.' or ')');
            if (marker || Markdown.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Text for a TextRun (never markdown): only "{{" is broken, with a zero-width space.</summary>
    public static string EscapeTextRun(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("{{", "{\u200B{", StringComparison.Ordinal);
    }

    private static JsonObject Heading(string text) =>
        new() { ["type"] = "TextBlock", ["text"] = text, ["weight"] = "Bolder", ["wrap"] = true, ["spacing"] = "Medium" };

    private static JsonObject Plain(string text, bool monospace = false)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = EscapeTextRun(text) };
        if (monospace)
        {
            run["fontType"] = "Monospace";
        }
        return new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray { run } };
    }
}
