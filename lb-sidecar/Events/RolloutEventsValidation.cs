using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Events;

/// <summary>
/// Checks the app port and the coalescing window when rollout events are on (<see cref="RolloutEvents.IsOn"/>):
/// the listener dispatches requests by local port, so the app port must be none of this LB's other ports.
/// </summary>
internal sealed class RolloutEventsValidation(IOptions<FleetOptions> fleet) : IValidateOptions<SidecarOptions>
{
    private const string Root = SidecarOptions.SectionName + ":CertificateSync:Dapr";

    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        if (!RolloutEvents.IsOn(options))
        {
            return ValidateOptionsResult.Success;
        }
        var dapr = options.CertificateSync.Dapr;
        var errors = new List<string>();
        if (dapr.AppPort is < 1 or > 65535)
        {
            errors.Add($"{Root}:AppPort: {dapr.AppPort} must be between 1 and 65535 (daprd's --app-port)");
        }
        else if (OtherPorts(options).Contains(dapr.AppPort))
        {
            errors.Add($"{Root}:AppPort: port {dapr.AppPort} is already this LB's HttpPort, PeerPort or the MetricsEndpoint's port");
        }
        if (dapr.EventCoalesceWindow < TimeSpan.FromMilliseconds(100) || dapr.EventCoalesceWindow > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Root}:EventCoalesceWindow: '{dapr.EventCoalesceWindow}' must be between '00:00:00.1' and '00:10:00'");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private List<int> OtherPorts(SidecarOptions options)
    {
        var ports = new List<int>();
        try
        {
            if (fleet.Value.FindLoadBalancer(options.LoadBalancer) is { } self)
            {
                ports.Add(self.HttpPort);
                ports.Add(self.PeerPort);
            }
        }
        catch (OptionsValidationException)
        {
            // The fleet's own validation reports why.
        }
        if (IPEndPoint.TryParse(options.MetricsEndpoint, out var metrics))
        {
            ports.Add(metrics.Port);
        }
        return ports;
    }
}
