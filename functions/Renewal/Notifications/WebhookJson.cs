using System.Text.Encodings.Web;
using System.Text.Json;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// How the Slack and Teams bodies are written. The relaxed encoder keeps '&lt;', '&amp;' and non-ASCII text readable
/// (the default writes \u003C): the body goes to a JSON parser, never into HTML, and each channel's own escaping is
/// applied to the text before it gets here.
/// </summary>
internal static class WebhookJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
