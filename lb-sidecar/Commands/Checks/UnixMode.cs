namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>A path's permission bits in octal, as ls and chmod show them, for check's rows.</summary>
internal static class UnixMode
{
    public static string Of(string path) =>
        OperatingSystem.IsWindows() ? "?" : Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
