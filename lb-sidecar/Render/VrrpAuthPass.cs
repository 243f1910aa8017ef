using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// The VRRP PASS secret, read when rendering (environment variable first, then the configured file) so it never
/// sits in fleet.json or in this repository. keepalived uses at most 8 characters; longer is refused rather than
/// silently cut.
/// </summary>
internal static class VrrpAuthPass
{
    public const string EnvironmentVariable = "LBACME_VRRP_AUTH_PASS";

    /// <summary>The secret, or an error naming where it was looked for.</summary>
    public static (string? Pass, string? Error) Read(KeepalivedOptions options)
    {
        string value;
        string source;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            (value, source) = (fromEnvironment, $"environment variable {EnvironmentVariable}");
        }
        else
        {
            source = $"Fleet:Keepalived:AuthPassFile ('{options.AuthPassFile}')";
            try
            {
                value = File.ReadAllText(options.AuthPassFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"{source}: cannot read the VRRP secret: {e.Message} (or set {EnvironmentVariable})");
            }
        }
        if (value.Length is < 1 or > 8 || value.Any(c => c is < '!' or > '~' or '"' or '\\' or '#'))
        {
            return (null, $"{source}: the VRRP secret must be 1-8 printable characters without spaces, quotes, '\\' or '#'");
        }
        return (value, null);
    }
}
