using System.Globalization;

namespace LbAcme.AttackBench;

/// <summary>
/// How long and how hard: each attack runs <see cref="AttackDuration"/>, RSS is read <see cref="AfterWait"/> after it
/// ends, and attack sizes are divided by <see cref="Divisor"/> in quick mode (a smoke run, not a measurement). Held
/// connections also stay within this process's open-file limit (<see cref="Connections"/>).
/// </summary>
internal sealed record BenchSettings(TimeSpan AttackDuration, TimeSpan AfterWait, int Divisor, double LegitRate, TimeSpan LegitTimeout, long OpenFileLimit)
{
    /// <summary>Descriptors kept free for everything but held connections: the legitimate client, the runtime, a fake peer.</summary>
    public const int ReservedFiles = 1500;

    public bool Quick => Divisor > 1;

    /// <summary>ATTACK_QUICK=1 for a smoke run; ATTACK_SECONDS, ATTACK_AFTER_SECONDS and ATTACK_LEGIT_RATE override.</summary>
    public static BenchSettings FromEnvironment()
    {
        var quick = Environment.GetEnvironmentVariable("ATTACK_QUICK") is "1" or "true";
        return new BenchSettings(
            TimeSpan.FromSeconds(Number("ATTACK_SECONDS", quick ? 5 : 15)),
            TimeSpan.FromSeconds(Number("ATTACK_AFTER_SECONDS", quick ? 5 : 60)),
            quick ? 10 : 1,
            Number("ATTACK_LEGIT_RATE", 20),
            TimeSpan.FromSeconds(10),
            FileLimit.Soft() ?? long.MaxValue);
    }

    /// <summary>An attack's size (connections, workers) for this run.</summary>
    public int Scaled(int full) => Math.Max(1, full / Divisor);

    /// <summary>
    /// Connections one attack holds: <see cref="Scaled"/>, but never so many that this process runs out of
    /// descriptors, which would fail the legitimate client's connects here rather than at the sidecar.
    /// </summary>
    public int Connections(int full) => (int)Math.Max(1, Math.Min(Scaled(full), OpenFileLimit - ReservedFiles));

    private static double Number(string name, double fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name}={text}: expected a positive number");
    }
}
