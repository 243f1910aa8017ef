namespace LbAcme.Sidecar.Logging;

/// <summary>How log lines are written (<c>Sidecar:LogFormat</c>).</summary>
internal enum LogFormat
{
    /// <summary><see cref="Systemd"/> when journald holds stdout (<c>$JOURNAL_STREAM</c> set), else <see cref="Simple"/>.</summary>
    Auto,

    /// <summary>One line per entry with a UTC timestamp, for a terminal or a plain log file.</summary>
    Simple,

    /// <summary>One JSON object per line, for a log shipper.</summary>
    Json,

    /// <summary>Lines prefixed with the syslog priority (<c>&lt;3&gt;</c> error ... <c>&lt;7&gt;</c> debug) that journald stores as the entry's priority.</summary>
    Systemd,
}

internal static class LogFormats
{
    /// <summary>The values accepted in configuration, as written there.</summary>
    public const string Accepted = "auto, simple, json or systemd";

    /// <summary>Parses a configured value, case-insensitively; empty means <see cref="LogFormat.Auto"/>.</summary>
    public static bool TryParse(string? value, out LogFormat format)
    {
        format = LogFormat.Auto;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        foreach (var known in Enum.GetValues<LogFormat>())
        {
            if (string.Equals(value.Trim(), known.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                format = known;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Auto resolved against the environment: systemd sets JOURNAL_STREAM for a service whose output goes to
    /// journald, so the priority prefix is understood there and nowhere else.
    /// </summary>
    public static LogFormat Resolve(LogFormat format, string? journalStream) =>
        format != LogFormat.Auto ? format
        : string.IsNullOrEmpty(journalStream) ? LogFormat.Simple
        : LogFormat.Systemd;

    /// <summary>The configuration error for <paramref name="value"/>, naming the field; null when it is valid.</summary>
    public static string? Error(string field, string? value) =>
        TryParse(value, out _) ? null : $"{field}: '{value}' is not a log format (use {Accepted})";
}
