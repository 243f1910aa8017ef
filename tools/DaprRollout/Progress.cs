namespace LbAcme.DaprRollout;

/// <summary>One line per step on stderr, so stdout keeps only the figures.</summary>
internal static class Progress
{
    private static readonly DateTime Start = DateTime.UtcNow;

    public static void Step(string text) => Console.Error.WriteLine($"[{(DateTime.UtcNow - Start).TotalSeconds,6:0.0}s] {text}");
}
