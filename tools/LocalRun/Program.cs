using LbAcme.LocalRun;

return args.FirstOrDefault() switch
{
    "run" => await RunCommand.RunAsync(args[1..]),
    "bench" => await BenchCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: lb-acme-local run [--lbs N] [--netns] [--keep]
               lb-acme-local bench [--sizes 1,10,50]
        """);
    return 2;
}
