namespace LbAcme.Sidecar.Lifecycle;

internal sealed partial class Daemon
{
    [LoggerMessage(EventId = 3710, Level = LogLevel.Information, Message = "Reloading: reading the configuration again (running configuration {Generation})")]
    private static partial void LogReloading(ILogger logger, int generation);

    [LoggerMessage(EventId = 3711, Level = LogLevel.Information, Message = "Reloaded: configuration {Generation} serving")]
    private static partial void LogReloaded(ILogger logger, int generation);

    [LoggerMessage(EventId = 3712, Level = LogLevel.Error, Message = "Reload refused, the running configuration keeps serving: cannot read the configuration: {Error}")]
    private static partial void LogRefusedUnreadable(ILogger logger, string error);

    /// <summary>One line per validation error, or the listener that cannot be bound; the error names the field or the endpoint.</summary>
    [LoggerMessage(EventId = 3713, Level = LogLevel.Error, Message = "Reload refused, the running configuration keeps serving: {Error}")]
    private static partial void LogRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 3715, Level = LogLevel.Error, Message = "Reload refused, the running configuration keeps serving: the new configuration did not start: {Error}")]
    private static partial void LogRefusedBuild(ILogger logger, string error);

    [LoggerMessage(EventId = 3716, Level = LogLevel.Information, Message = "The configuration file {Path} changed: reading the configuration again")]
    private static partial void LogFileChanged(ILogger logger, string path);
}
