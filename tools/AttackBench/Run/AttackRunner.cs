using LbAcme.AttackBench.Attacks;
using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Legit;

namespace LbAcme.AttackBench.Run;

/// <summary>
/// Runs one attack against the fleet and, once it is in force, the legitimate client beside it for the attack's
/// duration; samples RSS throughout (build-up included), then waits <see cref="BenchSettings.AfterWait"/> with no traffic at all and reads RSS again.
/// </summary>
internal sealed class AttackRunner(AttackContext context)
{
    public async Task<AttackResult> RunAsync(IAttack attack, CancellationToken cancellationToken)
    {
        var fleet = context.Fleet;
        var settings = context.Settings;
        var logBefore = fleet.LogBytes();
        var rssBefore = fleet.MaxRssMb();
        LegitStats legit;
        string load;
        double peak;
        await using (var sampler = new RssSampler(fleet))
        {
            var window = new AttackWindow(settings.AttackDuration);
            var attacking = attack.RunAsync(context, window, cancellationToken);
            if (await Task.WhenAny(window.InForce, attacking) == attacking && !window.InForce.IsCompleted)
            {
                await attacking; // it failed before it was in force: its exception says why
                throw new InvalidOperationException($"{attack.Name} ended without beginning");
            }
            legit = await NewLegitClient().RunAsync(settings.AttackDuration, cancellationToken);
            load = await attacking;
            peak = sampler.PeakMb;
        }
        Console.Error.WriteLine($"  {attack.Name}: legit {legit.SuccessPercent:0.0}% p99 {legit.P99Ms:0} ms; waiting {settings.AfterWait.TotalSeconds:0} s for RSS after");
        await Task.Delay(settings.AfterWait, cancellationToken);
        return new AttackResult(attack.Name, attack.Title, legit, rssBefore, peak, fleet.MaxRssMb(), fleet.LogBytes() - logBefore, load);
    }

    /// <summary>The legitimate client alone, to show the setup answers everything right before any attack.</summary>
    public async Task<AttackResult> BaselineAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var fleet = context.Fleet;
        var logBefore = fleet.LogBytes();
        var rssBefore = fleet.MaxRssMb();
        await using var sampler = new RssSampler(fleet);
        var legit = await NewLegitClient().RunAsync(duration, cancellationToken);
        return new AttackResult("baseline", "no attack (baseline)", legit, rssBefore, sampler.PeakMb, null, fleet.LogBytes() - logBefore, "legitimate client only");
    }

    private LegitClient NewLegitClient() =>
        new(SourceAddresses.Legit, context.Fleet.Public(0), LegitRequest.Mix, context.Settings.LegitRate, context.Settings.LegitTimeout);
}
