using System.Net;
using LbAcme.Functions.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Local;

/// <summary>
/// The stand-in host's HTTP side (<c>local --serve</c>): Kestrel on a loopback address routing GET /api/status,
/// POST /api/renew[/{lb}], POST /api/probe and the operator actions (POST /api/operator/revoke,
/// /api/operator/account/key-rollover, /api/operator/account/deactivate) to the same function classes the Functions host invokes, each resolved
/// per request from the functions' own registrations. No function key locally (loopback only, see
/// <see cref="LocalArguments"/>). A renew is followed by working the queue, as the host's queue trigger would.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    public const string StatusPath = "/api/status";
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromMinutes(10);

    private readonly WebApplication _app;
    private readonly LocalFunctionsHost _functions;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _queueWorkLock = new();
    private Task _queueWork = Task.CompletedTask;

    private LocalHttpServer(WebApplication app, LocalFunctionsHost functions)
    {
        _app = app;
        _functions = functions;
    }

    /// <summary>Where GET /api/status answers, with the port actually bound (a requested port 0 picks a free one).</summary>
    public Uri StatusUrl { get; private set; } = null!;

    public static async Task<LocalHttpServer> StartAsync(LocalFunctionsHost functions, Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(address);
        var builder = WebApplication.CreateSlimBuilder();
        // Failed requests only: the stand-in host's stdout is read by people and scripts (the "serving" line).
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The action results' executors (JSON, content), as the worker's ASP.NET Core integration has them.
        builder.Services.AddMvcCore();
        var ip = address.DnsSafeHost == "localhost" ? IPAddress.Loopback : IPAddress.Parse(address.DnsSafeHost);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ip, address.Port));
        var app = builder.Build();
        var server = new LocalHttpServer(app, functions);
        app.MapGet(StatusPath, server.StatusAsync);
        app.MapPost("/api/renew/{lb?}", server.RenewAsync);
        app.MapPost("/api/probe", server.ProbeAsync);
        app.MapPost("/api/operator/revoke", server.RevokeAsync);
        app.MapPost("/api/operator/account/key-rollover", server.RollAccountKeyAsync);
        app.MapPost("/api/operator/account/deactivate", server.DeactivateAccountAsync);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.StatusUrl = new Uri(new Uri(bound), StatusPath);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Task queueWork;
        lock (_queueWorkLock)
        {
            queueWork = _queueWork;
        }
        await queueWork;
        _stopping.Dispose();
    }

    /// <summary>One invocation as the worker makes it (a scope, the function from it), then its result written to the response.</summary>
    internal async Task InvokeAsync<TFunction>(HttpContext context, Func<TFunction, CancellationToken, Task<IActionResult>> call)
        where TFunction : notnull
    {
        IActionResult result;
        await using (var scope = _functions.Services.CreateAsyncScope())
        {
            result = await call(scope.ServiceProvider.GetRequiredService<TFunction>(), context.RequestAborted);
        }
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private Task StatusAsync(HttpContext context) =>
        InvokeAsync<StatusFunction>(context, (f, ct) => f.RunAsync(context.Request, ct));

    private Task ProbeAsync(HttpContext context) =>
        InvokeAsync<ProbeFunction>(context, (f, ct) => f.RunAsync(context.Request, ct));

    private Task RollAccountKeyAsync(HttpContext context) =>
        InvokeAsync<AdminKeyRolloverFunction>(context, (f, ct) => f.RunAsync(context.Request, ct));

    private Task DeactivateAccountAsync(HttpContext context) =>
        InvokeAsync<AdminDeactivateFunction>(context, (f, ct) => f.RunAsync(context.Request, ct));

    private async Task RenewAsync(HttpContext context)
    {
        var lb = context.GetRouteValue("lb") as string;
        await InvokeAsync<RenewFunction>(context, (f, ct) => f.RunAsync(context.Request, lb, ct));
        if (context.Response.StatusCode == StatusCodes.Status202Accepted)
        {
            WorkQueue();
        }
    }

    /// <summary>A revoke enqueues the LB's renewal: worked at once, as after a renew.</summary>
    private async Task RevokeAsync(HttpContext context)
    {
        await InvokeAsync<AdminRevokeFunction>(context, (f, ct) => f.RunAsync(context.Request, ct));
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            WorkQueue();
        }
    }

    /// <summary>The messages are on the queue: work them now, as the host's queue trigger would, not at the next timer firing.</summary>
    private void WorkQueue()
    {
        lock (_queueWorkLock)
        {
            var previous = _queueWork;
            _queueWork = Task.Run(async () =>
            {
                await previous;
                try
                {
                    await _functions.DrainAndReportAsync(RenewDeadline, _stopping.Token);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    // Shutting down: the messages stay on the queue for the next start, as with the host.
                }
            }, CancellationToken.None);
        }
    }
}
