using System.Globalization;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>Reads a sidecar's Prometheus text and sums series by name and label filter.</summary>
internal sealed class MetricsScrape(string text)
{
    public string Text { get; } = text;

    public static async Task<MetricsScrape> ReadAsync(HttpClient http, Uri uri) => new(await http.GetStringAsync(uri));

    /// <summary>Sum of every series of <paramref name="name"/> whose labels contain all of <paramref name="labels"/> (e.g. peer="lb1").</summary>
    public double Sum(string name, params string[] labels)
    {
        var total = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue;
            }
            if (labels.All(l => rest.Contains(l, StringComparison.Ordinal)))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }
}
