using System.Text;
using System.Text.Json;

namespace LbAcme.Sidecar.Configuration;

/// <summary>
/// A JSON syntax error in the configuration file as an editor would point at it: file, 1-based line and column,
/// and the line itself with a caret. The configuration's JSON provider wraps the <see cref="JsonException"/> that
/// knows the place (0-based line, byte offset in the line) in its own "could not parse" exceptions.
/// </summary>
internal static class JsonSyntaxError
{
    /// <summary>The located error, or null when <paramref name="error"/> carries no JSON position.</summary>
    public static string? Describe(Exception error, string path)
    {
        ArgumentNullException.ThrowIfNull(error);
        var json = Find(error);
        if (json?.LineNumber is not { } line || json.BytePositionInLine is not { } bytes)
        {
            return null;
        }
        var text = Line(path, line);
        var column = text is null ? bytes + 1 : Encoding.UTF8.GetCharCount(Encoding.UTF8.GetBytes(text), 0, (int)Math.Min(bytes, Encoding.UTF8.GetByteCount(text))) + 1;
        var message = $"{path}:{line + 1}:{column}: invalid JSON: {Reason(json.Message)}";
        if (text is null)
        {
            return message;
        }
        // The caret keeps the line's own tabs so it lines up under the character in any terminal.
        var indent = new string([.. text.Take((int)column - 1).Select(c => c == '\t' ? '\t' : ' ')]);
        return $"{message}\n    {text}\n    {indent}^";
    }

    private static JsonException? Find(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    /// <summary>The parser's reason without its own 0-based "LineNumber: 3 | BytePositionInLine: 4." suffix.</summary>
    private static string Reason(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).Trim();
    }

    private static string? Line(string path, long line)
    {
        try
        {
            var text = File.ReadLines(path).Skip((int)line).FirstOrDefault();
            return text is null || text.Length > 200 ? null : text.TrimStart('\uFEFF');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
