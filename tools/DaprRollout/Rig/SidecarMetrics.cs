using System.Globalization;
using LbAcme.LocalEnvironment;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// The certificate sync counters of the sidecar's /metrics: rounds finished, certificates hot-swapped into HAProxy,
/// versions refused. What tells "a round ran and deployed nothing" from "no round ran".
/// </summary>
public sealed record SidecarMetrics(double Rounds, double HotSwaps, double Applies, double Refusals, string Text)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Null while the metrics endpoint does not answer.</summary>
    public static async Task<SidecarMetrics?> ReadAsync(SidecarProcess sidecar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        string text;
        try
        {
            text = await Http.GetStringAsync(sidecar.MetricsUri, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return new SidecarMetrics(
            Sum(text, "lbacme_sidecar_certificate_syncs_total"),
            Sum(text, "lbacme_sidecar_certificate_applies_total", "method=\"hot_swap\""),
            Sum(text, "lbacme_sidecar_certificate_applies_total"),
            Sum(text, "lbacme_sidecar_certificate_refusals_total"),
            text);
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    public static double Sum(string text, string name, string label = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || (line[name.Length] != '{' && line[name.Length] != ' '))
            {
                continue;
            }
            if (line.Contains(label, StringComparison.Ordinal))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }
}
