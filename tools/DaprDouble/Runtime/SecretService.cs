using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace LbAcme.DaprDouble.Runtime;

/// <summary>
/// GetSecret and GetBulkSecret answered as daprd answers them (its messages in pkg/messages/predefined.go): no such
/// store -> InvalidArgument "failed finding secret store with key X"; a store error -> Internal "failed getting secret
/// with key X from secret store Y: ..." with the component's own error after the colon (<see cref="ComponentErrors"/>). A found secret answers {name: value}, as the Key Vault component does. Every other runtime
/// API method is Unimplemented (Grpc.AspNetCore answers that for unbound methods of a bound service).
/// </summary>
internal sealed class SecretService(SecretBook book, string? apiToken) : SecretServiceBase
{
    public override Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ApiToken.Demand(apiToken, context);
        RequireStore(request.StoreName);
        var metadata = Copy(request.Metadata);
        var value = book.Read(request.StoreName, request.Key, metadata);
        if (value is null)
        {
            var componentError = ComponentErrors.SecretNotFound(book.Component(request.StoreName), request.Key, metadata.GetValueOrDefault("version_id"));
            throw new RpcException(new Status(StatusCode.Internal,
                $"failed getting secret with key {request.Key} from secret store {request.StoreName}: {componentError}"));
        }
        var response = new GetSecretResponse();
        response.Data.Add(request.Key, value);
        return Task.FromResult(response);
    }

    public override Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ApiToken.Demand(apiToken, context);
        RequireStore(request.StoreName);
        var response = new GetBulkSecretResponse();
        foreach (var (name, value) in book.ReadAll(request.StoreName, Copy(request.Metadata)))
        {
            var secret = new SecretResponse();
            secret.Secrets.Add(name, value);
            response.Data.Add(name, secret);
        }
        return Task.FromResult(response);
    }

    private void RequireStore(string store)
    {
        if (!book.HasStore(store))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"failed finding secret store with key {store}"));
        }
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string> metadata) => new(metadata, StringComparer.Ordinal);
}
