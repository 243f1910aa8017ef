using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// <c>lb-sidecar render haproxy|keepalived|keepalived-dropin|systemd --lb NAME [--out FILE]</c>: the LB-side
/// configuration from the same fleet description the sidecar and the renewal function read, so the files cannot
/// drift from it. Prints to stdout, or writes FILE atomically (mode 0600: keepalived.conf holds the VRRP secret).
/// <c>render dapr --lb NAME --out DIR</c> writes several files (<see cref="DaprRenderCommand"/>).
/// </summary>
internal static class RenderCommand
{
    public static async Task<int> RunAsync(RenderArguments arguments, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var note in FleetNames.Notes(configuration.GetSection(FleetOptions.SectionName)))
        {
            await Console.Error.WriteLineAsync($"note: {note}");
        }
        if (arguments.Kind == RenderArguments.Dapr)
        {
            return await DaprRenderCommand.RunAsync(arguments, configuration);
        }
        var (text, errors) = Render(arguments, configuration);
        if (text is null)
        {
            return await ConfigurationErrors.ReportAsync(errors);
        }
        if (arguments.Out is null)
        {
            await Console.Out.WriteAsync(text);
        }
        else
        {
            try
            {
                await RenderedFile.WriteAsync(arguments.Out, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"lb-sidecar render {arguments.Kind}: --out: cannot write '{arguments.Out}': {e.Message}");
                // A directory that does not exist is a wrong argument; anything else (permissions, a full disk) a run-time failure.
                return e is DirectoryNotFoundException ? SidecarCommandLine.BadConfiguration : SidecarCommandLine.Failed;
            }
        }
        return SidecarCommandLine.Ok;
    }

    /// <summary>The validated fleet and the index of <c>--lb</c> in it (-1 without one); errors name their field.</summary>
    internal static (FleetOptions? Fleet, int LbIndex, List<string> Errors) LoadFleet(RenderArguments arguments, IConfiguration configuration)
    {
        var section = configuration.GetSection(FleetOptions.SectionName);
        if (!FleetBinding.TryLoad(section, out var fleet, out var bindErrors))
        {
            return (null, -1, [.. bindErrors]);
        }
        var errors = new List<string>();
        var result = new FleetOptionsValidation(section).Validate(null, fleet);
        if (result.Failed)
        {
            errors.AddRange(result.Failures);
        }
        var lbIndex = fleet.LoadBalancers.FindIndex(lb => lb.Name == arguments.Lb);
        if (arguments.Lb is not null && lbIndex < 0)
        {
            errors.Add($"--lb: '{arguments.Lb}' is not in Fleet:LoadBalancers ({string.Join(", ", fleet.LoadBalancers.Select(lb => lb.Name))})");
        }
        return (fleet, lbIndex, errors);
    }

    private static (string? Text, IReadOnlyList<string> Errors) Render(RenderArguments arguments, IConfiguration configuration)
    {
        var (loaded, lbIndex, errors) = LoadFleet(arguments, configuration);
        if (loaded is not { } fleet)
        {
            return (null, errors);
        }
        errors.AddRange(arguments.Kind switch
        {
            RenderArguments.HaProxy => LbConfigValidation.ValidateHaProxy(fleet),
            RenderArguments.Keepalived => [.. LbConfigValidation.ValidateKeepalived(fleet), .. KeepalivedLayoutCheck.Validate(fleet)],
            RenderArguments.KeepalivedDropIn => LbConfigValidation.ValidateKeepalived(fleet),
            _ => [],
        });
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        switch (arguments.Kind)
        {
            case RenderArguments.HaProxy:
                return (HaProxyConfigRenderer.Render(fleet, fleet.LoadBalancers[lbIndex]), []);
            case RenderArguments.Keepalived:
                string? pass = null;
                if (KeepalivedConfigRenderer.NeedsAuthPass(fleet))
                {
                    (pass, var error) = VrrpAuthPass.Read(fleet.Keepalived);
                    if (error is not null)
                    {
                        return (null, [error]);
                    }
                }
                return (KeepalivedConfigRenderer.Render(fleet, lbIndex, pass), []);
            case RenderArguments.KeepalivedDropIn:
                return (KeepalivedDropInRenderer.Render(fleet, arguments.Lb!), []);
            default:
                var sidecar = configuration.GetSection(SidecarOptions.SectionName).Get<SidecarOptions>() ?? new SidecarOptions();
                var configPath = arguments.UnitConfig;
                var handsPemOver = sidecar.CertificateSync.Enabled && !string.IsNullOrEmpty(sidecar.CertificateSync.FileOwner);
                return (SystemdUnitRenderer.Render(fleet, sidecar.Webroot, arguments.Lb, arguments.Executable, configPath, handsPemOver), []);
        }
    }
}
