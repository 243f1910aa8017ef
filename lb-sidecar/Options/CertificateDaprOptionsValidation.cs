using System.Net;
using System.Text.RegularExpressions;
using LbAcme.Core.Fleet;
using Microsoft.Extensions.Options;
using StoreKinds = LbAcme.Certificates.Stores.CertificateStores;

namespace LbAcme.Sidecar.Options;

/// <summary>
/// Checks <c>Sidecar:CertificateSync:Dapr</c> when certificate sync reads through daprd (<c>Store</c> "dapr"):
/// daprd runs next to lb-sidecar, so its gRPC endpoint must be on loopback (a remote one would carry the LB's
/// private key in clear, or through a token not meant to leave the box); the secret store is a component name; the
/// app port (events on) must not be one this LB already listens on. Errors name the field's configuration path.
/// </summary>
internal sealed partial class CertificateDaprOptionsValidation(IOptions<FleetOptions> fleet) : IValidateOptions<SidecarOptions>
{
    private const string Root = SidecarOptions.SectionName + ":CertificateSync:Dapr";

    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        var sync = options.CertificateSync;
        if (!sync.Enabled || sync.Store != StoreKinds.Dapr)
        {
            return ValidateOptionsResult.Success;
        }
        var dapr = sync.Dapr;
        var errors = new List<string>();
        if (EndpointProblem(dapr.GrpcEndpoint) is { } endpoint)
        {
            errors.Add($"{Root}:GrpcEndpoint: {endpoint}");
        }
        if (dapr.SecretStore is null || !ComponentName().IsMatch(dapr.SecretStore))
        {
            errors.Add($"{Root}:SecretStore: '{dapr.SecretStore}' is not a Dapr component name (1-63 lowercase letters, digits and '-', "
                + "starting and ending with a letter or digit, as the secret store component's metadata.name)");
        }
        if (dapr.Events)
        {
            ValidateAppPort(options, dapr.AppPort, errors);
            if (dapr.EventCoalesceWindow < TimeSpan.FromMilliseconds(100) || dapr.EventCoalesceWindow > TimeSpan.FromMinutes(1))
            {
                errors.Add($"{Root}:EventCoalesceWindow: '{dapr.EventCoalesceWindow}' must be between '{TimeSpan.FromMilliseconds(100)}' and '{TimeSpan.FromMinutes(1)}'");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? EndpointProblem(Uri? endpoint)
    {
        const string Example = "such as http://127.0.0.1:50001 (daprd's --dapr-grpc-port)";
        if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            return $"'{endpoint}' must be an http(s) URL {Example}";
        }
        if (endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0 || endpoint.UserInfo.Length > 0)
        {
            return $"'{endpoint}' must be scheme, host and port only, {Example}";
        }
        // Uri.IsLoopback: "localhost", 127.0.0.0/8 or ::1.
        if (!endpoint.IsLoopback)
        {
            return $"'{endpoint}' is not a loopback address: daprd runs next to lb-sidecar on the same LB, and the certificate's private key must not cross the network in its answers; use {Example}";
        }
        return null;
    }

    private void ValidateAppPort(SidecarOptions options, int port, List<string> errors)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{Root}:AppPort: '{port}' must be between 1 and 65535 (daprd's --app-port)");
            return;
        }
        if (Self(options) is { } self && (port == self.HttpPort || port == self.PeerPort))
        {
            errors.Add($"{Root}:AppPort: port {port} is already this LB's HttpPort or PeerPort (Fleet:LoadBalancers '{self.Name}')");
        }
        if (!string.IsNullOrEmpty(options.MetricsEndpoint) && IPEndPoint.TryParse(options.MetricsEndpoint, out var metrics) && metrics.Port == port)
        {
            errors.Add($"{Root}:AppPort: port {port} is already Sidecar:MetricsEndpoint's");
        }
    }

    /// <summary>This LB in the fleet; a broken fleet or unknown LB is reported by the fleet's and Sidecar's own checks.</summary>
    private LoadBalancerOptions? Self(SidecarOptions options)
    {
        try
        {
            return string.IsNullOrWhiteSpace(options.LoadBalancer) ? null : fleet.Value.FindLoadBalancer(options.LoadBalancer);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentName();
}
