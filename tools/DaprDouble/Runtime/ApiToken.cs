using Grpc.Core;

namespace LbAcme.DaprDouble.Runtime;

/// <summary>
/// daprd's API token check (DAPR_API_TOKEN set): a call without the dapr-api-token metadata, or with another value,
/// is refused Unauthenticated before it reaches any building block
/// (https://docs.dapr.io/operations/security/api-token/).
/// </summary>
internal static class ApiToken
{
    public const string Header = "dapr-api-token";

    public static void Demand(string? expected, ServerCallContext context)
    {
        if (expected is null)
        {
            return;
        }
        var sent = context.RequestHeaders.GetValue(Header);
        if (sent is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing api token in request metadata"));
        }
        if (!string.Equals(sent, expected, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        }
    }
}
