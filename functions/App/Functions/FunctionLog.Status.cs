using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Functions;

/// <summary>The status's and the timer record's lines (EventIds 3120-3129).</summary>
internal static partial class FunctionLog
{
    [LoggerMessage(EventId = 3120, Level = LogLevel.Warning, Message = "Could not record the timer's run for the status's dead-man's switch: {Error}: {Detail}")]
    public static partial void TimerRunNotRecorded(ILogger logger, string error, string detail);
}
