using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// <c>lb-sidecar render dapr --lb NAME --out DIR</c>: DIR/components/ gets the LB's Dapr resources (daprd's
/// --resources-path, nothing else in it, since daprd loads every YAML file there) and DIR/daprd.env daprd's flags.
/// Each file is written atomically. With events off the pub/sub component and the subscription are not written, and
/// ones left by an earlier render are removed: daprd would otherwise still subscribe.
/// </summary>
internal static class DaprRenderCommand
{
    public const string ComponentsFolder = "components";

    public static async Task<int> RunAsync(RenderArguments arguments, IConfiguration configuration)
    {
        var (fleet, _, errors) = RenderCommand.LoadFleet(arguments, configuration);
        if (arguments.Out is null)
        {
            errors.Add("--out: required for render dapr: the directory to write components/ and daprd.env into");
        }
        var directory = arguments.Out is null ? "" : Path.GetFullPath(arguments.Out);
        var components = Path.Combine(directory, ComponentsFolder);
        DaprRenderSettings? settings = null;
        if (fleet is not null && errors.Count == 0)
        {
            var sidecar = configuration.GetSection(SidecarOptions.SectionName).Get<SidecarOptions>() ?? new SidecarOptions();
            (settings, var settingErrors) = DaprRenderSettings.Resolve(arguments.Lb!, sidecar.CertificateSync, components);
            errors.AddRange(settingErrors);
        }
        if (settings is null || errors.Count > 0)
        {
            return await ConfigurationErrors.ReportAsync(errors);
        }
        var files = DaprComponentsRenderer.Render(settings);
        try
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"directory '{directory}' does not exist");
            }
            Directory.CreateDirectory(components);
            foreach (var (name, text) in files)
            {
                await RenderedFile.WriteAsync(Path.Combine(components, name), text);
                await Console.Out.WriteLineAsync($"wrote {Path.Combine(components, name)}");
            }
            if (!settings.Events)
            {
                await Console.Out.WriteLineAsync($"events off (Sidecar:CertificateSync:Dapr:Events=false): no {DaprComponentsRenderer.PubSubFile} or {DaprComponentsRenderer.SubscriptionFile}; the poll alone finds new versions");
                foreach (var stale in new[] { DaprComponentsRenderer.PubSubFile, DaprComponentsRenderer.SubscriptionFile }.Select(n => Path.Combine(components, n)).Where(File.Exists))
                {
                    File.Delete(stale);
                    await Console.Out.WriteLineAsync($"removed {stale} (left by an earlier render with events on)");
                }
            }
            var flags = Path.Combine(directory, DaprdFlagsRenderer.FileName);
            await RenderedFile.WriteAsync(flags, DaprdFlagsRenderer.Render(settings));
            await Console.Out.WriteLineAsync($"wrote {flags}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"lb-sidecar render {arguments.Kind}: --out: cannot write '{directory}': {e.Message}");
            return e is DirectoryNotFoundException ? SidecarCommandLine.BadConfiguration : SidecarCommandLine.Failed;
        }
        return SidecarCommandLine.Ok;
    }
}
