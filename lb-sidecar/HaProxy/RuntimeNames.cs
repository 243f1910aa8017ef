using System.Text;

namespace LbAcme.Sidecar.HaProxy;

/// <summary>How names go into Runtime API commands and how answers are shortened for logs and status.</summary>
internal static class RuntimeNames
{
    /// <summary>The CLI splits arguments on spaces; a backslash keeps one in the name.</summary>
    public static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(" ", "\\ ", StringComparison.Ordinal);

    /// <summary>A crt-list line's file name (options and SNI filters follow it); "path:line" from <c>-n</c> is not asked for.</summary>
    public static string FirstField(string line)
    {
        var end = 0;
        while (end < line.Length && line[end] != ' ' && line[end] != '\t')
        {
            end += line[end] == '\\' ? 2 : 1;
        }
        return line[..Math.Min(end, line.Length)].Replace("\\ ", " ", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }

    public static string OneLine(string answer)
    {
        var text = new StringBuilder();
        foreach (var line in answer.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            text.Append(text.Length == 0 ? "" : " | ").Append(line);
        }
        return text.Length > 300 ? text.ToString(0, 300) + "…" : text.ToString();
    }
}
