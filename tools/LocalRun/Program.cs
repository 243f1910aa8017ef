using LbAcme.LocalRun;

try
{
    return args.FirstOrDefault() switch
    {
        "run" => await RunCommand.RunAsync(args[1..]),
        "bench" => await BenchCommand.RunAsync(args[1..]),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    // A bad flag value: say which, no stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: lb-acme-local run [--lbs N] [--netns] [--keep]
               lb-acme-local bench [--sizes 1,10,50] [--rounds 3]
        """);
    return 2;
}
