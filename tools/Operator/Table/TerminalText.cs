using System.Globalization;
using System.Text;

namespace LbAcme.Operator.Table;

/// <summary>
/// Text from the status (problems from a CA, errors from a handshake, names from the fleet file) made safe for a
/// terminal: control characters (ESC, CR, BEL, C1), bidirectional and other format characters and line separators
/// are shown as <c>\u001b</c>-style escapes, so nothing in a document can move the cursor, recolour the screen,
/// rewrite a line or reorder what is shown. Long text is cut with an ellipsis.
/// </summary>
public static class TerminalText
{
    public const string Ellipsis = "…";

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A pair is a character (an emoji in a name is harmless); a lone half is not text and is escaped.
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!IsHostile(c))
            {
                safe?.Append(c);
                continue;
            }
            safe ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }
        return safe?.ToString() ?? text;
    }

    /// <summary>At most <paramref name="width"/> characters, the last one an ellipsis when something was cut.</summary>
    public static string Fit(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= width)
        {
            return text;
        }
        if (width <= 0)
        {
            return string.Empty;
        }
        var cut = width - 1;
        // Never split a surrogate pair: half of one is not a character.
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return text[..cut] + Ellipsis;
    }

    private static bool IsHostile(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
}
