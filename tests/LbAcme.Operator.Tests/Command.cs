using LbAcme.Operator.Table;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Operator.Tests;

/// <summary>
/// <c>lb-acme ARGS</c> through its real parser, in-process: what it printed on stdout and stderr and its exit code.
/// The environment is the test's own dictionary (the runner's LBACME_* variables cannot leak in), the clock fixed.
/// </summary>
internal static class Command
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment = null, TerminalStyle? style = null, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OperatorCommandLine.RunAsync(args, output, error, style ?? TerminalStyle.Plain,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null, new FakeTimeProvider(Documents.Now))
            .WaitAsync(TimeSpan.FromSeconds(60));
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> StatusAsync(Uri url, params string[] more) => RunAsync(null, null, ["status", "--url", url.ToString(), .. more]);
}
