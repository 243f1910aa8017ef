using System.Net;

namespace LbAcme.Functions.Local;

/// <summary>
/// The stand-in host's own flags — <c>--once</c>, <c>--schedule EXPR</c>, <c>--serve http://127.0.0.1:PORT</c>,
/// <c>--no-timer</c> — taken out of the arguments; the rest (<c>--Section:Key=value</c>) go to configuration.
/// <see cref="Problem"/> names a wrong flag. <c>--serve</c> takes a loopback address only: locally the HTTP
/// functions answer without a function key, so nothing beyond this machine may reach them.
/// </summary>
public sealed record LocalArguments(bool Once, string? Schedule, Uri? Serve, bool NoTimer, string[] HostArgs, string? Problem)
{
    public static LocalArguments Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool once = false, noTimer = false;
        string? schedule = null, serve = null, problem = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--once":
                    once = true;
                    break;
                case "--no-timer":
                    noTimer = true;
                    break;
                case "--schedule" or "--serve" when i + 1 >= args.Length:
                    problem ??= $"{args[i]} needs a value";
                    break;
                case "--schedule":
                    schedule = args[++i];
                    break;
                case "--serve":
                    serve = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        Uri? address = null;
        if (serve is not null && !TryLoopback(serve, out address, out var serveProblem))
        {
            problem ??= serveProblem;
        }
        if (once && address is not null)
        {
            problem ??= "--once fires the timer and exits; it cannot be combined with --serve";
        }
        return new LocalArguments(once, schedule, address, noTimer, [.. rest], problem);
    }

    /// <summary>An http:// URL on 127.0.0.0/8, ::1 or localhost, with a port (0 picks a free one).</summary>
    public static bool TryLoopback(string text, out Uri? address, out string? problem)
    {
        address = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            problem = $"--serve: '{text}' is not an address like http://127.0.0.1:PORT";
            return false;
        }
        var host = uri.DnsSafeHost;
        if (host != "localhost" && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            problem = $"--serve: {uri.Host} is not a loopback address; the stand-in host serves without a function key, so only on 127.0.0.0/8, ::1 or localhost";
            return false;
        }
        address = uri;
        problem = null;
        return true;
    }
}
