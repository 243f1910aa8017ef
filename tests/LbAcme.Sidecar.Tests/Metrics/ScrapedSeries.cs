using System.Globalization;
using System.Text;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>One sample line of the Prometheus text format: its name, its labels and its value.</summary>
internal sealed record ScrapedSeries(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Every sample of <paramref name="name"/> in <paramref name="text"/> (exactly that name, not its _bucket etc.).</summary>
    public static IReadOnlyList<ScrapedSeries> Parse(string text, string name) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(ParseLine).Where(s => s.Name == name)];

    /// <summary>The labels a series must have; the others do not matter.</summary>
    public bool Has(params (string Key, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Key, out var value) && value == l.Value);

    private static ScrapedSeries ParseLine(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.LastIndexOf(' ');
        var value = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        if (brace < 0 || brace > space)
        {
            return new ScrapedSeries(line[..line.IndexOf(' ', StringComparison.Ordinal)], new Dictionary<string, string>(), value);
        }
        var labels = new Dictionary<string, string>();
        var i = brace + 1;
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var key = line[i..equals];
            i = equals + 2; // past ="
            var text = new StringBuilder();
            for (; line[i] != '"'; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                    text.Append(line[i] == 'n' ? '\n' : line[i]);
                    continue;
                }
                text.Append(line[i]);
            }
            labels[key] = text.ToString();
            i++; // past the closing quote
            if (line[i] == ',')
            {
                i++;
            }
        }
        return new ScrapedSeries(line[..brace], labels, value);
    }
}
