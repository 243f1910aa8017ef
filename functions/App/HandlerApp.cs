using System.Net;
using LbAcme.Functions.Endpoints;
using LbAcme.Renewal.Engine;

namespace LbAcme.Functions;

/// <summary>The custom handler's web app: readiness at GET /, the timer at POST /RenewalTimer, HTTP functions under /api.</summary>
public static class HandlerApp
{
    /// <summary>Port the Functions host hands us; 7071 when run by hand.</summary>
    public static int Port(IConfiguration configuration) =>
        int.TryParse(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"], System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : 7071;

    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.Services.AddRenewalEngine(builder.Configuration);
        // The host talks to us over loopback only.
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port(builder.Configuration)));
        var app = builder.Build();
        app.Services.ValidateRenewalConfiguration();
        app.MapGet("/", () => Results.Text("lb-acme renewal handler ready\n"));
        app.MapPost("/" + FunctionNames.RenewalTimer, TimerEndpoint.HandleAsync);
        app.MapPost("/api/renew/{lb?}", HttpEndpoints.RenewAsync);
        app.MapGet("/api/status", HttpEndpoints.StatusAsync);
        return app;
    }
}
