using System.Text.Json;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Logging;

/// <summary>
/// The daemon's logging: one console provider in the configured <see cref="LogFormat"/>, Information and above,
/// with the framework's per-request chatter held back so steady state logs only changes. <c>Logging:LogLevel</c>
/// in the configuration still overrides any of it (e.g. <c>Logging:LogLevel:LbAcme=Debug</c>).
/// </summary>
internal static class SidecarLogging
{
    /// <summary>The UTC timestamp of the simple and json formats.</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>The configuration key of the format; the options type is validated before this runs.</summary>
    public static readonly string FormatKey = $"{SidecarOptions.SectionName}:{nameof(SidecarOptions.LogFormat)}";

    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        // Validated at start; anything else (a reload that skipped validation) falls back to auto, never fails here.
        var configured = LogFormats.TryParse(configuration[FormatKey], out var parsed) ? parsed : LogFormat.Auto;
        var format = LogFormats.Resolve(configured, Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
        logging.ClearProviders();
        switch (format)
        {
            case LogFormat.Json:
                logging.AddJsonConsole(o =>
                {
                    o.TimestampFormat = TimestampFormat;
                    o.UseUtcTimestamp = true;
                    o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
                });
                break;
            case LogFormat.Systemd:
                // journald stamps each entry itself; a second timestamp would only lengthen the line.
                logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
                break;
            default:
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = TimestampFormat + " ";
                    o.UseUtcTimestamp = true;
                });
                break;
        }
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // IHttpClientFactory logs four Information lines per store request (and a stack trace per failed one);
        // the loops log what those requests mean, once per change.
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));
    }
}
