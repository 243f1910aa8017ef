using System.Globalization;

namespace LbAcme.LocalRun;

/// <summary>Tiny flag reader: --name value, --flag.</summary>
internal static class Options
{
    public static bool Flag(string[] args, string name) => args.Contains(name);

    public static int Int(string[] args, string name, int fallback, int min, int max)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0)
        {
            return fallback;
        }
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} needs a whole number from {min} to {max}.");
        }
        return value;
    }

    public static IReadOnlyList<int> Ints(string[] args, string name, IReadOnlyList<int> fallback)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0)
        {
            return fallback;
        }
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{name} needs a comma-separated list of numbers.");
        }
        return args[i + 1].Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 250
            ? n
            : throw new ArgumentException($"{name}: '{s}' is not a number from 1 to 250.")).ToList();
    }
}
