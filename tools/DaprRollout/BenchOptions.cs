using System.Globalization;

namespace LbAcme.DaprRollout;

/// <summary>The bench's flags: --name value, each with its default and range.</summary>
internal sealed record BenchOptions(int Samples, TimeSpan Interval, int LostSamples, TimeSpan LostInterval, TimeSpan ProbeEvery, TimeSpan Gap)
{
    public const string Usage = """
        usage: lb-acme-dapr-rollout [--samples 20] [--interval 300] [--lost-samples 10] [--lost-interval 5] [--probe-ms 20] [--gap 3]
          --samples        event samples (import + event, time to served)
          --interval       poll Interval in seconds while events are measured (long: only the event can explain a deploy)
          --lost-samples   samples with the event lost (import only)
          --lost-interval  poll Interval in seconds for those
          --probe-ms       handshake probe period while waiting for the new serial
          --gap            seconds between event samples (more than the 2 s EventCoalesceWindow, as renewals are)
        """;

    public static BenchOptions Parse(string[] args) => new(
        Int(args, "--samples", 20, 1, 1000),
        TimeSpan.FromSeconds(Int(args, "--interval", 300, 1, 86400)),
        Int(args, "--lost-samples", 10, 0, 1000),
        TimeSpan.FromSeconds(Int(args, "--lost-interval", 5, 1, 3600)),
        TimeSpan.FromMilliseconds(Int(args, "--probe-ms", 20, 1, 10000)),
        TimeSpan.FromSeconds(Int(args, "--gap", 3, 0, 600)));

    private static int Int(string[] args, string name, int fallback, int min, int max)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0)
        {
            return fallback;
        }
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} needs a whole number from {min} to {max}.");
        }
        return value;
    }
}
