using System.Globalization;
using System.Text;
using LbAcme.Core.Dapr;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// daprd's command line for one LB, as a systemd EnvironmentFile: a unit runs <c>daprd $DAPRD_FLAGS</c> (systemd splits
/// an unbraced $VAR on whitespace) with <c>EnvironmentFile=</c> this file and, separately, the file holding
/// DAPR_API_TOKEN and APP_API_TOKEN (secrets never rendered from the fleet file). Every listener is on loopback:
/// the LB's only Dapr client is lb-sidecar on the same host.
/// Flag names checked against daprd's own flag set (dapr/dapr cmd/daprd/options/options.go) and
/// https://docs.dapr.io/reference/arguments-annotations-overview/ .
/// </summary>
internal static class DaprdFlagsRenderer
{
    public const string FileName = "daprd.env";
    public const string Variable = "DAPRD_FLAGS";

    public static string Render(DaprRenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder();
        text.AppendLine(RenderHeader.For(RenderArguments.Dapr, settings.Lb));
        text.AppendLine("# systemd EnvironmentFile for daprd: ExecStart=/usr/bin/daprd $" + Variable);
        text.AppendLine("# DAPR_API_TOKEN and APP_API_TOKEN come from a separate EnvironmentFile (mode 0600), shared with lb-sidecar.");
        if (!settings.Events)
        {
            text.AppendLine("# Events off: no --app-port, so daprd never calls lb-sidecar and does not wait for an app port nobody opens.");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"{Variable}={string.Join(' ', Flags(settings))}");
        return text.ToString();
    }

    public static IReadOnlyList<string> Flags(DaprRenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var flags = new List<string> { "--app-id", settings.AppId };
        if (settings.Events)
        {
            // The app channel: daprd calls lb-sidecar's app port over HTTP on loopback (lb-sidecar binds it to 127.0.0.1 only).
            flags.AddRange(["--app-port", settings.AppPort.ToString(CultureInfo.InvariantCulture), "--app-protocol", "http", "--app-channel-address", "127.0.0.1"]);
        }
        flags.AddRange(
        [
            // The Dapr API (gRPC, and HTTP which nothing here uses) on loopback only; daprd's standalone default is every address.
            "--dapr-listen-addresses", "127.0.0.1",
            "--dapr-grpc-port", settings.GrpcPort.ToString(CultureInfo.InvariantCulture),
            "--dapr-http-port", DaprNames.DefaultHttpPort.ToString(CultureInfo.InvariantCulture),
            // The internal API (service invocation between daprd instances) is unused on an LB: loopback too.
            "--dapr-internal-grpc-listen-address", "127.0.0.1",
            // The metrics server would listen on 0.0.0.0:9090; lb-sidecar exports its own metrics, so daprd's are off.
            "--enable-metrics=false",
            "--resources-path", settings.ResourcesPath,
            "--log-as-json",
        ]);
        return flags;
    }
}
