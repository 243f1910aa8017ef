using LbAcme.DaprRollout;

BenchOptions options;
try
{
    if (args.Any(a => a is "-h" or "--help") || args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && !BenchOptions.Usage.Contains(a + " ", StringComparison.Ordinal)))
    {
        Console.Error.WriteLine(BenchOptions.Usage);
        return 2;
    }
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    // A bad flag value: say which, no stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await RolloutBench.RunAsync(options, stop.Token);
