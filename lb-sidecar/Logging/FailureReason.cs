using Azure;

namespace LbAcme.Sidecar.Logging;

/// <summary>
/// An exception as one short, stable phrase (no request ids, no stack), so the same failure reads the same every
/// time: repeated failures compare equal in <see cref="FailureState"/>, and a log line stays one line.
/// </summary>
internal static class FailureReason
{
    public static string Describe(Exception error) => error switch
    {
        // The Azure SDK's retry policy wraps each attempt's error; the first says what went wrong.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[0]),
        RequestFailedException { Status: > 0 } request => $"HTTP {request.Status} {request.ErrorCode}".TrimEnd(),
        RequestFailedException { InnerException: { } inner } => Describe(inner),
        OperationCanceledException => "timed out",
        // "An error occurred while sending the request." says little; the socket error under it says what.
        HttpRequestException { InnerException: { } inner } http when !http.Message.Contains(FirstLine(inner.Message), StringComparison.Ordinal) =>
            $"{nameof(HttpRequestException)}: {FirstLine(http.Message)} ({FirstLine(inner.Message)})",
        _ => $"{error.GetType().Name}: {FirstLine(error.Message)}",
    };

    /// <summary>A message's first line: SDK and OS messages go on with details that do not fit in a log line or a row.</summary>
    public static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
