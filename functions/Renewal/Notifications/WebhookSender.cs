using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// Posts one body to one webhook: each attempt bounded by its own timeout, retried with backoff and jitter on what a
/// retry can fix (no answer, a timeout, 408, 429, 5xx), the whole delivery bounded. The outcome is a value: nothing is
/// thrown, and nothing logged or returned quotes the URL (errors are status codes and error kinds, never exception text).
/// </summary>
public sealed class WebhookSender
{
    private readonly HttpClient _http;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public WebhookSender(HttpClient http, DeliveryOptions options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        // The attempt and total timeouts below bound every call; the client's own 100 s default would only cut across them.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<DeliveryResult> SendAsync(WebhookChannel channel, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var total = new CancellationTokenSource(_options.TotalTimeout, _time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);
        var started = _time.GetTimestamp();
        string error = "not attempted";
        var attempt = 0;
        while (attempt < _options.MaxAttempts && !bounded.IsCancellationRequested)
        {
            attempt++;
            var (delivered, retryable, problem) = await AttemptAsync(channel, body, bounded.Token);
            if (delivered)
            {
                return new DeliveryResult(true, attempt, null);
            }
            error = problem;
            if (!retryable || attempt == _options.MaxAttempts)
            {
                break;
            }
            var delay = DeliveryBackoff.Delay(_options, attempt, Random.Shared.NextDouble());
            if (_time.GetElapsedTime(started) + delay >= _options.TotalTimeout)
            {
                break;
            }
            NotificationLog.Retrying(_logger, channel.Name, attempt, error, delay);
            try
            {
                await Task.Delay(delay, _time, bounded.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return new DeliveryResult(false, attempt, error);
    }

    private async Task<(bool Delivered, bool Retryable, string Error)> AttemptAsync(WebhookChannel channel, string body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return (true, false, "");
            }
            var status = response.StatusCode;
            return (false, status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500, $"HTTP {(int)status}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (false, true, $"no answer within {_options.AttemptTimeout}");
        }
        catch (OperationCanceledException)
        {
            return (false, false, "cancelled");
        }
        catch (HttpRequestException e)
        {
            // The kind only: the message of a connection error can carry the host and path.
            return (false, true, e.HttpRequestError.ToString());
        }
    }
}
