using System.Net;
using System.Text.RegularExpressions;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Options;

/// <summary>
/// Checks the <c>Sidecar</c> section, including that it names an LB of the fleet. Errors name the field's
/// configuration path. Fleet errors themselves are reported by <see cref="FleetOptionsValidation"/>.
/// </summary>
internal sealed partial class SidecarOptionsValidation(IOptions<FleetOptions> fleet) : IValidateOptions<SidecarOptions>
{
    private const string Root = SidecarOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        var errors = new List<string>();
        ValidateListeners(options, errors);
        ValidateStore(options, errors);
        ValidatePeers(options.Peers, errors);
        ValidateLimits(options.Limits, errors);
        if (LogFormats.Error($"{Root}:{nameof(SidecarOptions.LogFormat)}", options.LogFormat) is { } logFormat)
        {
            errors.Add(logFormat);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateListeners(SidecarOptions options, List<string> errors)
    {
        var self = FindSelf(options, errors);
        if (IpAddressText.Problem(options.ListenAddress) is { } listenProblem)
        {
            errors.Add($"{Root}:ListenAddress: {listenProblem} (use '::' for all addresses)");
        }
        if (!string.IsNullOrEmpty(options.MetricsEndpoint))
        {
            if (!IPEndPoint.TryParse(options.MetricsEndpoint, out var metrics) || metrics.Port == 0 || !IpAddressText.TryParse(HostOf(options.MetricsEndpoint), out _))
            {
                errors.Add($"{Root}:MetricsEndpoint: '{options.MetricsEndpoint}' is not address:port (e.g. 127.0.0.1:9180), or empty to turn metrics off");
            }
            else if (self is not null && (metrics.Port == self.HttpPort || metrics.Port == self.PeerPort))
            {
                errors.Add($"{Root}:MetricsEndpoint: port {metrics.Port} is already this LB's HttpPort or PeerPort");
            }
        }
        if (string.IsNullOrWhiteSpace(options.Webroot))
        {
            errors.Add($"{Root}:Webroot: required (default /var/run/acme/acme-challenge/)");
        }
    }

    /// <summary>The address part of address:port or [v6]:port, as written.</summary>
    private static string HostOf(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? endpoint : endpoint[..colon];
        return host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
    }

    private LoadBalancerOptions? FindSelf(SidecarOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.LoadBalancer))
        {
            errors.Add($"{Root}:LoadBalancer: required: the Fleet:LoadBalancers name of this LB");
            return null;
        }
        FleetOptions fleetOptions;
        try
        {
            fleetOptions = fleet.Value;
        }
        catch (OptionsValidationException)
        {
            return null; // The fleet's own validation reports why; the LB cannot be looked up in a broken fleet.
        }
        var self = fleetOptions.FindLoadBalancer(options.LoadBalancer);
        if (self is null)
        {
            var known = string.Join(", ", fleetOptions.LoadBalancers.Select(lb => lb.Name));
            errors.Add($"{Root}:LoadBalancer: '{options.LoadBalancer}' is not in Fleet:LoadBalancers ({known})");
        }
        return self;
    }

    private static void ValidateStore(SidecarOptions options, List<string> errors)
    {
        var store = options.Store;
        if (!string.IsNullOrWhiteSpace(store.ConnectionString) && store.ContainerSasUri is not null)
        {
            errors.Add($"{Root}:Store: give ConnectionString or ContainerSasUri, not both");
        }
        if (!ContainerPattern().IsMatch(store.Container))
        {
            errors.Add($"{Root}:Store:Container: '{store.Container}' is not a blob container name (3-63 lowercase letters, digits, single '-')");
        }
        RequireRange(store.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "Store:RequestTimeout", errors);
        RequireRange(options.StorePollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "StorePollInterval", errors);
        if (options.StoreFullListInterval < options.StorePollInterval)
        {
            errors.Add($"{Root}:StoreFullListInterval: '{options.StoreFullListInterval}' must be at least StorePollInterval ('{options.StorePollInterval}')");
        }
        if (options.StoreMaxBackoff < options.StorePollInterval)
        {
            errors.Add($"{Root}:StoreMaxBackoff: '{options.StoreMaxBackoff}' must be at least StorePollInterval ('{options.StorePollInterval}')");
        }
    }

    private static void ValidatePeers(PeerOptions peers, List<string> errors)
    {
        RequireRange(peers.ConnectTimeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), "Peers:ConnectTimeout", errors);
        RequireRange(peers.ReadTimeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), "Peers:ReadTimeout", errors);
        RequireRange(peers.HedgeDelay, TimeSpan.FromMilliseconds(1), peers.ReadTimeout, "Peers:HedgeDelay", errors);
        RequireRange(peers.ProbeInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "Peers:ProbeInterval", errors);
        // Above Limits:MaxConcurrentFanOuts it is harmless (the overall cap comes first), so a fleet that lowered that
        // limit before this one existed still starts.
        if (peers.MaxFanOutsPerSource is < 1 or > 100_000)
        {
            errors.Add($"{Root}:Peers:MaxFanOutsPerSource: {peers.MaxFanOutsPerSource} must be between 1 and 100000");
        }
        if (peers.MaxRequestsPerPeer is < 1 or > 100_000)
        {
            errors.Add($"{Root}:Peers:MaxRequestsPerPeer: {peers.MaxRequestsPerPeer} must be between 1 and 100000");
        }
        if (peers.MaxAnswerBytes is < 256 or > 65536)
        {
            errors.Add($"{Root}:Peers:MaxAnswerBytes: {peers.MaxAnswerBytes} must be between 256 and 65536");
        }
        for (var i = 0; i < peers.AllowedNetworks.Count; i++)
        {
            if (!PeerAllowList.TryParseNetwork(peers.AllowedNetworks[i], out _))
            {
                errors.Add($"{Root}:Peers:AllowedNetworks[{i}]: '{peers.AllowedNetworks[i]}' is not an IP address, a CIDR network or '*'");
            }
        }
    }

    private static void ValidateLimits(LimitOptions limits, List<string> errors)
    {
        if (limits.MaxConcurrentFanOuts is < 1 or > 100_000)
        {
            errors.Add($"{Root}:Limits:MaxConcurrentFanOuts: {limits.MaxConcurrentFanOuts} must be between 1 and 100000");
        }
        if (limits.MaxRequestLineBytes is < 1024 or > 65536)
        {
            errors.Add($"{Root}:Limits:MaxRequestLineBytes: {limits.MaxRequestLineBytes} must be between 1024 and 65536");
        }
        if (limits.MaxRequestHeadersBytes is < 1024 or > 65536)
        {
            errors.Add($"{Root}:Limits:MaxRequestHeadersBytes: {limits.MaxRequestHeadersBytes} must be between 1024 and 65536");
        }
        if (limits.MaxConnections < 1)
        {
            errors.Add($"{Root}:Limits:MaxConnections: {limits.MaxConnections} must be at least 1");
        }
        // Above MaxConnections a per-source limit is simply never reached; not an error, so lowering
        // MaxConnections alone stays valid.
        if (limits.MaxConnectionsPerSource is < 1 or > 1_000_000)
        {
            errors.Add($"{Root}:Limits:MaxConnectionsPerSource: {limits.MaxConnectionsPerSource} must be between 1 and 1000000");
        }
        if (limits.MaxPeerConnectionsPerSource is < 1 or > 1_000_000)
        {
            errors.Add($"{Root}:Limits:MaxPeerConnectionsPerSource: {limits.MaxPeerConnectionsPerSource} must be between 1 and 1000000");
        }
    }

    private static void RequireRange(TimeSpan value, TimeSpan min, TimeSpan max, string field, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Root}:{field}: '{value}' must be between '{min}' and '{max}'");
        }
    }

    [GeneratedRegex("^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();
}
