using System.Reflection;

namespace LbAcme.Infra.Tests.Tools;

/// <summary>
/// The bicep binary from the Azure.Bicep.CommandLine.linux-x64 NuGet package this project references: the
/// package's props give its path at build time; the NuGet cache is the fallback. NuGet extracts it without
/// the execute bit on some setups, so it is set here.
/// </summary>
public static class BicepCli
{
    private const string PackageFolder = "azure.bicep.commandline.linux-x64";

    public static string Path { get; } = Locate();

    public static Task<CommandResult> RunAsync(params string[] arguments) =>
        Command.RunAsync(Path, arguments, TimeSpan.FromMinutes(2));

    private static string Locate()
    {
        var fromBuild = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value?.Replace('\\', '/');
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(fromBuild))
        {
            candidates.Add(System.IO.Path.GetFullPath(fromBuild));
        }
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = System.IO.Path.Combine(packages, PackageFolder);
        if (Directory.Exists(folder))
        {
            candidates.AddRange(Directory.GetDirectories(folder).OrderDescending().Select(v => System.IO.Path.Combine(v, "tools", "bicep")));
        }
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"bicep not found (looked at {string.Join(", ", candidates)}); restore tests/LbAcme.Infra.Tests");
        var mode = File.GetUnixFileMode(found);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(found, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return found;
    }
}
