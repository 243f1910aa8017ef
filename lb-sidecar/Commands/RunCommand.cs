using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Http.Admission;
using LbAcme.Sidecar.Lifecycle;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Commands;

/// <summary>
/// <c>lb-sidecar run</c>: the daemon. Refuses to start on bad configuration, naming the field; on SIGHUP, or when
/// the configuration file changes, reads the configuration again (the <c>reload</c> delegate) and applies it without closing its listeners (<see cref="Daemon"/>).
/// </summary>
internal static partial class RunCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, Func<(IConfiguration? Configuration, IReadOnlyList<string> Errors)> reload, string? watchedFile = null)
    {
        // Validated before the web host is built: building it already resolves the listeners from the options.
        var (errors, valid) = await ValidateAsync(configuration);
        if (valid is null)
        {
            return await ConfigurationErrors.ReportAsync(errors);
        }
        using var daemon = new Daemon(new GenerationFactory(reload, ValidateAsync, Build, watchedFile));
        return await daemon.RunAsync(valid);
    }

    /// <summary>The configuration errors, or none and what the daemon derives from the validated options.</summary>
    private static async Task<(IReadOnlyList<string> Errors, ValidatedConfiguration? Valid)> ValidateAsync(IConfiguration configuration)
    {
        await using var provider = new ServiceCollection().AddLogging().AddSidecarCore(configuration).BuildServiceProvider();
        var errors = ConfigurationErrors.Validate(provider);
        if (errors.Count > 0)
        {
            return (errors, null);
        }
        var sidecar = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var self = provider.GetRequiredService<PeerDirectory>().Self;
        return (errors, new ValidatedConfiguration(configuration,
            SidecarParts.From(provider.GetRequiredService<IOptions<FleetOptions>>().Value, sidecar),
            ListenEndpoints.From(sidecar, self), self.Name));
    }

    /// <summary>
    /// One generation of the daemon for <paramref name="valid"/>, listening on <paramref name="handles"/>; serving
    /// <paramref name="challenges"/> (the previous generation's tokens) until its own sync replaces them.
    /// </summary>
    private static Generation Build(int number, ValidatedConfiguration valid, ListenHandles handles, ChallengeCache? challenges)
    {
        var configuration = valid.Configuration;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, configuration);
        if (challenges is not null)
        {
            builder.Services.AddSingleton(challenges);
        }
        builder.Services.AddSidecarDaemon(configuration, valid.Parts);
        builder.Services.AddSingleton<IHostLifetime, GenerationLifetime>();
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
        // Kestrel's own socket transport (its options, its memory pool), behind the switch a reload retires it with.
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.TryAddSingleton(sp => new DrainableTransport(
            new SocketTransportFactory(sp.GetRequiredService<IOptions<SocketTransportOptions>>(), sp.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddSingleton<IConnectionListenerFactory>(sp => sp.GetRequiredService<DrainableTransport>());
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<SidecarOptions>, ListenerAdmissions>((kestrel, sidecar, admissions) =>
                SidecarEndpoints.ConfigureKestrel(kestrel, sidecar.Value, handles, admissions));

        var app = builder.Build();
        SidecarEndpoints.MapListeners(app);
        if (!valid.Parts.ChallengeSync)
        {
            LogNoStore(app.Logger);
        }
        if (!valid.Parts.CertificateSync)
        {
            // The documented path deploys certificates; a fleet file that names no certificate store says so once.
            LogNoCertificateSync(app.Logger);
        }
        foreach (var note in FleetNames.Notes(configuration.GetSection(FleetOptions.SectionName)))
        {
            LogNameSpelling(app.Logger, note);
        }
        return new Generation(number, valid, app);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration) =>
        SidecarLogging.Configure(logging, configuration);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "No Sidecar:Store configured; serving webroot files and peers only")]
    private static partial void LogNoStore(ILogger logger);

    [LoggerMessage(EventId = 3412, Level = LogLevel.Warning, Message = "Certificate sync is off: HAProxy keeps the certificate it has (set Sidecar:CertificateSync:KeyVault:Uri to the Bicep output keyVaultUri, or Enabled=true with a store)")]
    private static partial void LogNoCertificateSync(ILogger logger);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Information, Message = "Fleet name spelling: {Note}")]
    private static partial void LogNameSpelling(ILogger logger, string note);
}
