using System.Runtime.InteropServices;
using LbAcme.AttackBench;
using LbAcme.AttackBench.Attacks;
using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Run;

// Usage: lb-acme-attack [all | list | ATTACK...]; settings from the environment (see BenchSettings).
if (args is ["list"])
{
    foreach (var known in AttackCatalog.All)
    {
        Console.WriteLine($"{known.Name,-16} {known.Title}");
    }
    return 0;
}
var unknown = args.Where(a => a != "all" && AttackCatalog.All.All(k => k.Name != a)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown attack {string.Join(", ", unknown)}; known: {string.Join(", ", AttackCatalog.All.Select(a => a.Name))}");
    return 2;
}
var chosen = args.Length == 0 || args.Contains("all") ? AttackCatalog.All : [.. args.Select(a => AttackCatalog.All.First(k => k.Name == a))];
var settings = BenchSettings.FromEnvironment();
FileLimit.WarnIfBelow(settings.OpenFileLimit, 20_000 + BenchSettings.ReservedFiles);

using var interrupted = new CancellationTokenSource();
void Interrupt(PosixSignalContext signal)
{
    signal.Cancel = true; // unwind: every attack closes its sockets, the fleet stops its sidecars
    interrupted.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

Console.Error.WriteLine($"attack bench: {chosen.Count} attack(s), {settings.AttackDuration.TotalSeconds:0} s each, RSS read {settings.AfterWait.TotalSeconds:0} s after each, "
    + $"legit {settings.LegitRate:0}/s{(settings.Quick ? ", QUICK mode (sizes / 10: a smoke run, not a measurement)" : "")}; {Environment.ProcessorCount} cores");
var results = new List<AttackResult>();
await using var fleet = await AttackFleet.StartAsync();
var runner = new AttackRunner(new AttackContext(fleet, settings));
try
{
    var baseline = await runner.BaselineAsync(TimeSpan.FromSeconds(3), interrupted.Token);
    results.Add(baseline);
    if (baseline.Legit.SuccessPercent < 100)
    {
        Console.Error.WriteLine($"baseline is not 100% ({baseline.Legit.Detail}): the setup is wrong, not the sidecar under attack. Sidecar output:\n{fleet.Tails()}");
        return 1;
    }
    // The same quiet as after every attack, so the first one too meets a fleet with its peer connections idled out.
    Console.Error.WriteLine($"baseline {baseline.Legit.SuccessPercent:0.0}% p99 {baseline.Legit.P99Ms:0} ms; quiet for {settings.AfterWait.TotalSeconds:0} s");
    await Task.Delay(settings.AfterWait, interrupted.Token);
    foreach (var attack in chosen)
    {
        Console.Error.WriteLine($"==> {attack.Name}: {attack.Title}");
        results.Add(await runner.RunAsync(attack, interrupted.Token));
    }
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted; the results so far:");
    ResultTable.Print(Console.Out, results);
    return 130;
}
ResultTable.Print(Console.Out, results);
return 0;
