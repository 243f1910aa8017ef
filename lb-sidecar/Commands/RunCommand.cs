using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Http.Admission;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Commands;

/// <summary><c>lb-sidecar run</c>: the daemon. Refuses to start on bad configuration, naming the field.</summary>
internal static partial class RunCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        // Validated before the web host is built: building it already resolves the listeners from the options.
        var (errors, parts) = await ValidateAsync(configuration);
        if (parts is null)
        {
            return await ConfigurationErrors.ReportAsync(errors);
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, configuration);
        builder.Services.AddSidecarDaemon(configuration, parts);
        // Handlers never block (memory lookups, async peer calls, webroot reads handed to the pool), so running them
        // on the socket thread that read the request skips a thread-pool hop per request, as inline socket
        // completions (SocketRuntimeDefaults) do for the reads.
        // Reading a request straight into a buffer, instead of a zero-byte read first, is one recv() less per request;
        // the price is a 4 KB buffer per open connection, and Limits:MaxConnections bounds those.
        builder.WebHost.UseSockets(sockets =>
        {
            sockets.UnsafePreferInlineScheduling = true;
            sockets.WaitForDataBeforeAllocatingBuffer = false;
        });
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<SidecarOptions>, PeerDirectory, ListenerAdmissions>((kestrel, sidecar, directory, admissions) =>
                SidecarEndpoints.ConfigureKestrel(kestrel, sidecar.Value, directory.Self.HttpPort, directory.Self.PeerPort, admissions));

        await using var app = builder.Build();
        SidecarEndpoints.MapListeners(app);
        if (!parts.ChallengeSync)
        {
            LogNoStore(app.Logger);
        }
        foreach (var note in FleetNames.Notes(configuration.GetSection(FleetOptions.SectionName)))
        {
            LogNameSpelling(app.Logger, note);
        }
        try
        {
            await app.RunAsync();
            return SidecarCommandLine.Ok;
        }
        catch (IOException e)
        {
            // Kestrel's "address already in use" and permission errors on :80 arrive here.
            await Console.Error.WriteLineAsync($"lb-sidecar: cannot listen: {e.Message}");
            return SidecarCommandLine.Failed;
        }
    }

    /// <summary>The configuration errors, or none and which background parts the validated options call for.</summary>
    private static async Task<(IReadOnlyList<string> Errors, SidecarParts? Parts)> ValidateAsync(IConfiguration configuration)
    {
        await using var provider = new ServiceCollection().AddLogging().AddSidecarCore(configuration).BuildServiceProvider();
        var errors = ConfigurationErrors.Validate(provider);
        return errors.Count > 0
            ? (errors, null)
            : (errors, SidecarParts.From(provider.GetRequiredService<IOptions<FleetOptions>>().Value, provider.GetRequiredService<IOptions<SidecarOptions>>().Value));
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration) =>
        SidecarLogging.Configure(logging, configuration);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "No Sidecar:Store configured; serving webroot files and peers only")]
    private static partial void LogNoStore(ILogger logger);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Information, Message = "Fleet name spelling: {Note}")]
    private static partial void LogNameSpelling(ILogger logger, string note);
}
