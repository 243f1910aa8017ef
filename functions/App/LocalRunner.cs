using LbAcme.Functions.Endpoints;
using LbAcme.Functions.Schedule;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;

namespace LbAcme.Functions;

/// <summary>
/// `LbAcme.Functions timer [--once] [--schedule "0 17 * * * *"]`: the same timer function without the
/// Functions host — for the local fleet and for hosts without Azure Functions. On a schedule it fires on
/// the NCRONTAB occurrences (UTC) until stopped; a failed run waits for the next occurrence, like the host.
/// </summary>
public static class LocalRunner
{
    public const string DefaultSchedule = "0 17 * * * *";

    public static async Task<int> RunAsync(string[] args)
    {
        var once = args.Contains("--once");
        var scheduleIndex = Array.IndexOf(args, "--schedule");
        var builder = Host.CreateApplicationBuilder(args.Where(a => a != "timer" && a != "--once").ToArray());
        builder.Services.AddRenewalEngine(builder.Configuration);
        using var host = builder.Build();
        host.Services.ValidateRenewalConfiguration();
        await host.StartAsync();
        var runner = host.Services.GetRequiredService<IRenewalRunner>();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var text = scheduleIndex >= 0 && scheduleIndex + 1 < args.Length ? args[scheduleIndex + 1] : builder.Configuration["RenewalSchedule"] ?? DefaultSchedule;
        if (once)
        {
            return await FireAsync(runner, stopping) ? 0 : 1;
        }
        NCrontabSchedule schedule;
        try
        {
            schedule = NCrontabSchedule.Parse(text);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"RenewalSchedule: {e.Message}");
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
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await FireAsync(runner, stopping);
        }
        await host.StopAsync();
        return 0;
    }

    private static async Task<bool> FireAsync(IRenewalRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            var report = await runner.RunAsync(new RunRequest("local-timer"), cancellationToken);
            foreach (var outcome in report.Outcomes)
            {
                Console.WriteLine(TimerEndpoint.Describe(outcome));
            }
            return !report.AnyFailed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"renewal run failed: {e.Message}");
            return false;
        }
    }
}
