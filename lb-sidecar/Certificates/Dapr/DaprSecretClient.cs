using Dapr.Client;
using Grpc.Net.Client;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Certificates.Dapr;

/// <summary>
/// The <see cref="DaprClient"/> the "dapr" source reads through: daprd's gRPC API on this LB's loopback
/// (<see cref="CertificateDaprOptions.GrpcEndpoint"/>), the API token from <c>DAPR_API_TOKEN</c> as Dapr defines
/// it (sent as the dapr-api-token header; never in the fleet file), and a receive limit of
/// <see cref="StoreReadLimits.MaxCertificateResponseBytes"/>: gRPC reads a message's length before its body, so an
/// oversize secret is refused (ResourceExhausted) before it is buffered. Connecting is bounded by RequestTimeout;
/// each call gets its own deadline from the store.
/// </summary>
internal static class DaprSecretClient
{
    /// <summary>Dapr's name for the token daprd demands of its app's calls.</summary>
    public const string ApiTokenVariable = "DAPR_API_TOKEN";

    public static DaprClient Create(CertificateDaprOptions dapr, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(dapr);
        var channel = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = StoreReadLimits.MaxCertificateResponseBytes,
            // A secret request is tiny; nothing bigger needs to go out.
            MaxSendMessageSize = 64 * 1024,
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = requestTimeout,
                UseCookies = false,
                AllowAutoRedirect = false,
                // daprd restarts (upgrades, component changes): do not hold on to a connection to the old one.
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
            DisposeHttpClient = true,
            // A deadline or shutdown is then an OperationCanceledException, which the slot already tells apart.
            ThrowOperationCanceledOnCancellation = true,
        };
        var builder = new DaprClientBuilder()
            .UseGrpcEndpoint(dapr.GrpcEndpoint.GetLeftPart(UriPartial.Authority))
            .UseGrpcChannelOptions(channel)
            .UseTimeout(requestTimeout);
        // Unset or empty: no header, as Dapr's own clients do (daprd without --dapr-api-token accepts that).
        if (Environment.GetEnvironmentVariable(ApiTokenVariable) is { Length: > 0 } token)
        {
            builder.UseDaprApiToken(token);
        }
        return builder.Build();
    }
}
