namespace LbAcme.LocalEnvironment;

/// <summary>
/// How the tests start lb-sidecar. The LBs run the Native AOT binary (that is what the .deb ships), so ./test.sh
/// publishes it once and names it in <c>LBACME_SIDECAR_EXE</c>; without it (an IDE's test run) the JIT build in the
/// test's output folder runs under the same dotnet host as the tests.
/// </summary>
public static class SidecarBinary
{
    public const string EnvironmentVariable = "LBACME_SIDECAR_EXE";

    /// <summary>The native binary named by <see cref="EnvironmentVariable"/>, or null when the JIT build is used.</summary>
    public static string? Native
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrEmpty(path))
            {
                return null;
            }
            return File.Exists(path)
                ? Path.GetFullPath(path)
                : throw new InvalidOperationException($"{EnvironmentVariable}={path} does not exist; publish lb-sidecar first or unset it");
        }
    }

    /// <summary>The program to execute: the native binary, or the dotnet host.</summary>
    public static string FileName => Native ?? SidecarProcess.DotnetHost;

    /// <summary>The full argument list for <see cref="FileName"/>: the sidecar's entry assembly first when run under dotnet.</summary>
    public static string[] Arguments(params IEnumerable<string> arguments) =>
        Native is null ? [SidecarProcess.Dll, .. arguments] : [.. arguments];
}
