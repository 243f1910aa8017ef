using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LbAcme.Operator.Status;
using LbAcme.Operator.Table;

namespace LbAcme.Operator.Actions;

/// <summary>
/// Sends one operator action (POST, JSON, the key in x-functions-key, no redirects: the key would follow them) within
/// the timeout, and prints the answer: the function's own sentence on success, its problem's title and detail on a
/// refusal. Nothing printed ever holds the key, even where a server echoes it; server text is made terminal-safe.
/// </summary>
public sealed class ActionClient
{
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public ActionClient(HttpClient http, TextWriter output, TextWriter error)
    {
        _http = http;
        _output = output;
        _error = error;
    }

    public static HttpClient CreateClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = timeout,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxBodyBytes,
    };

    public async Task<ActionExitCode> SendAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shown = HttpStatusReader.Shown(request.Url);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        if (!string.IsNullOrEmpty(request.Key))
        {
            message.Headers.TryAddWithoutValidation(HttpStatusReader.KeyHeader, request.Key);
        }
        if (request.JsonBody is not null)
        {
            message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.Timeout);
        HttpStatusCode status;
        string body;
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await UnknownAsync($"{shown} did not answer within {request.Timeout.TotalSeconds:0.#} s; the action may have run: check 'lb-acme status' before repeating it");
        }
        catch (HttpRequestException e)
        {
            return await UnknownAsync($"{shown} could not be reached: {e.Message}");
        }
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return await UnknownAsync(string.IsNullOrEmpty(request.Key)
                ? $"{shown} answered {(int)status} {status}: no key was given; set {OperatorCommandLine.KeyVariable} (or --key) to the function app's master (admin) key"
                : $"{shown} answered {(int)status} {status}: the key was refused; operator actions take the function app's master (admin) key, not a function key");
        }
        var json = TryParse(body);
        if (request.Json && json is not null && (int)status is >= 200 and < 500)
        {
            // As received, for scripts; still never the key.
            await _output.WriteLineAsync(Redact(body.Trim(), request.Key));
        }
        var detail = Redact(TerminalText.Safe(Text(json, "detail")), request.Key);
        var code = (int)status switch
        {
            >= 200 and < 300 => ActionExitCode.Done,
            400 => ActionExitCode.Usage,
            404 or 409 => ActionExitCode.Refused,
            _ => ActionExitCode.Unknown,
        };
        if (code == ActionExitCode.Done)
        {
            if (!request.Json)
            {
                await _output.WriteLineAsync(detail.Length > 0 ? detail : "done");
            }
            return code;
        }
        var title = Redact(TerminalText.Safe(Text(json, "title")), request.Key);
        var word = Redact(TerminalText.Safe(Text(json, "code")), request.Key);
        await _error.WriteLineAsync(json is null
            ? $"lb-acme: {shown} answered {(int)status} {TerminalText.Safe(Redact(status.ToString(), request.Key))}"
            : $"lb-acme: {(word.Length > 0 ? word + ": " : string.Empty)}{(title.Length > 0 ? title + ": " : string.Empty)}{detail}");
        return code;
    }

    private async Task<ActionExitCode> UnknownAsync(string sentence)
    {
        await _error.WriteLineAsync($"lb-acme: {TerminalText.Safe(sentence)}");
        return ActionExitCode.Unknown;
    }

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? json, string member) =>
        json is { } root && root.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Redact(string text, string? key) =>
        string.IsNullOrEmpty(key) ? text : text.Replace(key, "[key]", StringComparison.Ordinal);
}
