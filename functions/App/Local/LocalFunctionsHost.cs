using Azure.Storage.Queues;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Queue;
using LbAcme.Functions.Schedule;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Local;

/// <summary>
/// The stand-in for the Functions host where none can run (these machines, a fleet without Azure): the same
/// function classes, resolved per invocation from the same registrations, with messages passing through the
/// real Storage queue (Azurite locally) under host.json's queue settings. It fires the timer or the Renew
/// function, then works the queue until it is empty, and reports each LB by RenewLb's structured log line.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    public const string Verb = "local";

    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(10);

    private readonly IHost _host;
    private readonly RenewalOutcomeCollector _outcomes;
    private readonly QueuePump _pump;

    // One drain at a time: the timer's firing and a served renew would otherwise both work the queue and split its report.
    private readonly SemaphoreSlim _draining = new(1, 1);

    private LocalFunctionsHost(IHost host, RenewalOutcomeCollector outcomes, QueuePump pump)
    {
        _host = host;
        _outcomes = outcomes;
        _pump = pump;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Builds and validates (an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> names every wrong
    /// field), creates the queues. Queue settings come from the host.json beside the app unless <paramref name="queueSettings"/> says otherwise.
    /// </summary>
    public static async Task<LocalFunctionsHost> StartAsync(string[] args, CancellationToken cancellationToken, HostJsonQueueSettings? queueSettings = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var outcomes = new RenewalOutcomeCollector();
        builder.Logging.AddProvider(outcomes);
        // The outcome lines are the report: whatever level the console shows, the collector hears RenewLb.
        builder.Logging.AddFilter<RenewalOutcomeCollector>(typeof(RenewLbFunction).FullName, LogLevel.Information);
        builder.Services.AddRenewalFunctions(builder.Configuration);
        var host = builder.Build();
        try
        {
            host.Services.ValidateFunctionConfiguration(builder.Configuration);
            var service = host.Services.GetRequiredService<QueueServiceClient>();
            var queue = service.GetQueueClient(RenewalQueueContract.QueueName);
            var poison = service.GetQueueClient(RenewalQueueContract.PoisonQueueName);
            // In Azure the deployment creates both; here the stand-in host does.
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var settings = queueSettings ?? HostJsonQueueSettings.Read(Path.Combine(AppContext.BaseDirectory, "host.json"));
            var pump = new QueuePump(queue, poison, settings, (message, ct) => InvokeAsync<RenewLbFunction>(host.Services, f => f.RunAsync(message, ct)),
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger<QueuePump>());
            await host.StartAsync(cancellationToken);
            return new LocalFunctionsHost(host, outcomes, pump);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>What the timer trigger does, then every RenewLb invocation it causes (retries included).</summary>
    public async Task<LocalRunResult> FireTimerAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var before = _outcomes.Outcomes.Count;
        await InvokeAsync<RenewalTimerFunction>(_host.Services, f => f.RunAsync(new TimerInfo(), cancellationToken));
        return await DrainAsync(before, deadline, cancellationToken);
    }

    /// <summary>What POST /api/renew[/{lb}]?force= does, through the Renew function's own HTTP handling, then the queue.</summary>
    public async Task<LocalRunResult> RenewAsync(string? lb, bool force, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var before = _outcomes.Outcomes.Count;
        var context = new DefaultHttpContext { RequestServices = _host.Services };
        context.Request.Method = HttpMethods.Post;
        context.Request.QueryString = new QueryString(force ? "?force=true" : string.Empty);
        await InvokeAsync<RenewFunction>(_host.Services, f => f.RunAsync(context.Request, lb, cancellationToken));
        return await DrainAsync(before, deadline, cancellationToken);
    }

    /// <summary>Works what is on the queue now (what a served POST /api/renew put there) and prints each LB's outcome.</summary>
    public Task<bool> DrainAndReportAsync(TimeSpan deadline, CancellationToken stopping) =>
        ReportAsync(() => DrainAsync(_outcomes.Outcomes.Count, deadline, stopping), stopping);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        _draining.Dispose();
    }

    /// <summary>
    /// `LbAcme.Functions local [--once] [--schedule EXPR] [--serve http://127.0.0.1:PORT [--no-timer]] [--Section:Key=value ...]`.
    /// With --serve it prints `serving {url}/api/status` once listening and serves until SIGINT/SIGTERM, firing the
    /// timer on its schedule unless --no-timer.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = LocalArguments.Parse(args);
        if (arguments.Problem is { } wrong)
        {
            await Console.Error.WriteLineAsync(wrong);
            return 2;
        }
        LocalFunctionsHost host;
        try
        {
            host = await StartAsync(arguments.HostArgs, CancellationToken.None);
        }
        catch (Exception e) when (e is not Microsoft.Extensions.Options.OptionsValidationException)
        {
            // The queue's service did not answer (creating the queues is the first call): say so, no stack trace.
            await Console.Error.WriteLineAsync($"the stand-in host could not start: {e.Message}");
            return 1;
        }
        await using var started = host;
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        if (arguments.Once)
        {
            return await ReportAsync(() => host.FireTimerAsync(RunDeadline, stopping), stopping) ? 0 : 1;
        }
        await using var server = arguments.Serve is { } address ? await LocalHttpServer.StartAsync(host, address, stopping) : null;
        if (server is not null)
        {
            Console.WriteLine($"serving {server.StatusUrl}");
        }
        if (server is not null && arguments.NoTimer)
        {
            await WaitAsync(stopping);
            return 0;
        }
        var configured = arguments.Schedule ?? host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[FunctionNames.ScheduleSetting]!;
        if (!NCrontabSchedule.TryParse(configured, out var schedule, out var problem))
        {
            await Console.Error.WriteLineAsync($"{FunctionNames.ScheduleSetting}: {problem}");
            return 2;
        }
        var time = host.Services.GetRequiredService<TimeProvider>();
        while (!stopping.IsCancellationRequested)
        {
            var next = schedule.NextAfter(time.GetUtcNow());
            Console.WriteLine($"next renewal run at {next:O} ({schedule.Text})");
            try
            {
                await Task.Delay(next - time.GetUtcNow(), time, stopping);
                await ReportAsync(() => host.FireTimerAsync(RunDeadline, stopping), stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return 0;
    }

    private static async Task WaitAsync(CancellationToken stopping)
    {
        var stopped = new TaskCompletionSource();
        await using var registration = stopping.Register(() => stopped.TrySetResult());
        await stopped.Task;
    }

    /// <summary>One firing or drain; a queue or store that does not answer is reported and the schedule goes on, as the host's would.</summary>
    private static async Task<bool> ReportAsync(Func<Task<LocalRunResult>> run, CancellationToken stopping)
    {
        try
        {
            return Report(await run());
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"renewal run failed: {e.Message}");
            return false;
        }
    }

    private static bool Report(LocalRunResult result)
    {
        foreach (var outcome in result.Final)
        {
            Console.WriteLine(outcome);
        }
        if (!result.Drained)
        {
            Console.WriteLine("the queue was not empty by the deadline");
        }
        return result.Succeeded;
    }

    private async Task<LocalRunResult> DrainAsync(int before, TimeSpan deadline, CancellationToken cancellationToken)
    {
        await _draining.WaitAsync(cancellationToken);
        try
        {
            var drained = await _pump.DrainAsync(deadline, cancellationToken);
            return new LocalRunResult(drained, _outcomes.Outcomes.Skip(before).ToList());
        }
        finally
        {
            _draining.Release();
        }
    }

    /// <summary>One invocation as the worker makes it: a scope, the function class from it, the call.</summary>
    private static async Task InvokeAsync<TFunction>(IServiceProvider services, Func<TFunction, Task> call)
        where TFunction : notnull
    {
        await using var scope = services.CreateAsyncScope();
        await call(scope.ServiceProvider.GetRequiredService<TFunction>());
    }
}

/// <summary>Every RenewLb outcome of one firing (retries included); <see cref="Final"/> is each LB's certificates' last.</summary>
public sealed record LocalRunResult(bool Drained, IReadOnlyList<LocalOutcome> All)
{
    public IReadOnlyList<LocalOutcome> Final => All.GroupBy(o => (o.Lb, o.Certificate)).Select(g => g.Last())
        .OrderBy(o => o.Lb, StringComparer.Ordinal).ThenBy(o => o.Certificate, StringComparer.Ordinal).ToList();

    public bool Succeeded => Drained && All.Count > 0 && Final.All(o => !o.Failed);
}
