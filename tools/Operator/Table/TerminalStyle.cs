namespace LbAcme.Operator.Table;

/// <summary>
/// How the table is drawn: colour only on a terminal (never into a pipe, a cron mail or a log) and never when
/// <c>NO_COLOR</c> is set (no-color.org) or <c>TERM=dumb</c>; the width only on a terminal, so redirected output
/// keeps every character.
/// </summary>
public sealed record TerminalStyle(bool Color, int? Width)
{
    public static readonly TerminalStyle Plain = new(false, null);

    public static TerminalStyle Detect() =>
        Detect(Console.IsOutputRedirected, Environment.GetEnvironmentVariable, () => Console.WindowWidth);

    public static TerminalStyle Detect(bool outputRedirected, Func<string, string?> environment, Func<int> windowWidth)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(windowWidth);
        if (outputRedirected)
        {
            return Plain;
        }
        var color = string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb";
        return new TerminalStyle(color, windowWidth() is > 0 and var width ? width : null);
    }
}
