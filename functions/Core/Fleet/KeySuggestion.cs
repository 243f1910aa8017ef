namespace LbAcme.Core.Fleet;

/// <summary>
/// "Did you mean": the known configuration key an unknown one was most likely meant to be. Case-insensitive like
/// the configuration binder. A key within a few typing slips (an edit, a swapped pair) of a known one matches
/// first; failing that, an abbreviation (CertSync for CertificateSync) or a shortened known key.
/// </summary>
public static class KeySuggestion
{
    private const int Unrelated = int.MaxValue;

    /// <summary>The closest of <paramref name="known"/>, or null when none is close enough to be worth naming.</summary>
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestScore = Unrelated;
        foreach (var candidate in known)
        {
            var score = Score(unknown.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (score < bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }
        return best;
    }

    /// <summary>Lower is closer; <see cref="Unrelated"/> when no suggestion should be made.</summary>
    private static int Score(string unknown, string candidate)
    {
        var distance = Distance(unknown, candidate);
        // One slip per three characters: 'Nmae' is 'Name', but 'Port' is not 'Peer'.
        var allowed = Math.Max(1, Math.Min(unknown.Length, candidate.Length) / 3);
        if (distance <= allowed)
        {
            return distance;
        }
        var abbreviates = unknown.Length >= 3 && unknown[0] == candidate[0]
            && (IsSubsequence(unknown, candidate) || IsSubsequence(candidate, unknown));
        // Ranked after every slip, the closer in length first.
        return abbreviates ? allowed + 1 + Math.Abs(unknown.Length - candidate.Length) : Unrelated;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
                }
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    private static bool IsSubsequence(string shorter, string longer)
    {
        var at = 0;
        foreach (var c in longer)
        {
            if (at < shorter.Length && shorter[at] == c)
            {
                at++;
            }
        }
        return at == shorter.Length;
    }
}
