using System.Globalization;

namespace LbAcme.Sidecar.HaProxy;

/// <summary>A numeric owner for the PEM, from "user", "user:group" or "uid:gid" (names looked up in /etc/passwd and /etc/group).</summary>
internal sealed record FileOwner(uint UserId, uint GroupId)
{
    public static bool TryResolve(string text, out FileOwner? owner, out string problem)
    {
        owner = null;
        var parts = text.Split(':');
        if (parts.Length > 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            problem = $"'{text}' is not 'user', 'user:group' or 'uid:gid'";
            return false;
        }
        if (!TryFindUser(parts[0], out var uid, out var primaryGroup))
        {
            problem = $"user '{parts[0]}' is not in /etc/passwd";
            return false;
        }
        var gid = primaryGroup;
        if (parts.Length == 2 && !TryFindGroup(parts[1], out gid))
        {
            problem = $"group '{parts[1]}' is not in /etc/group";
            return false;
        }
        owner = new FileOwner(uid, gid);
        problem = "";
        return true;
    }

    private static bool TryFindUser(string user, out uint uid, out uint gid)
    {
        gid = 0;
        if (uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out uid))
        {
            gid = uid;
            return true;
        }
        // name:password:uid:gid:...
        var entry = Find("/etc/passwd", user);
        return entry is { Length: >= 4 }
            && uint.TryParse(entry[2], NumberStyles.None, CultureInfo.InvariantCulture, out uid)
            && uint.TryParse(entry[3], NumberStyles.None, CultureInfo.InvariantCulture, out gid);
    }

    private static bool TryFindGroup(string group, out uint gid)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out gid))
        {
            return true;
        }
        // name:password:gid:members
        var entry = Find("/etc/group", group);
        return entry is { Length: >= 3 } && uint.TryParse(entry[2], NumberStyles.None, CultureInfo.InvariantCulture, out gid);
    }

    private static string[]? Find(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        return File.ReadLines(file).Select(line => line.Split(':')).FirstOrDefault(fields => fields[0] == name);
    }
}
