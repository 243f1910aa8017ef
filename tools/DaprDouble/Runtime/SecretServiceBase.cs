using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace LbAcme.DaprDouble.Runtime;

/// <summary>
/// The server-side binding Dapr.Protos does not ship, in the shape protoc's C# plugin generates: Grpc.AspNetCore calls
/// <see cref="BindService"/> with a null service, then looks each method up by name as an override of a virtual
/// declared on this type, and resolves the implementation from DI per call. The delegates only name the methods.
/// </summary>
[BindServiceMethod(typeof(SecretServiceBase), nameof(BindService))]
internal abstract class SecretServiceBase
{
    public static void BindService(ServiceBinderBase binder, SecretServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(RuntimeApi.GetSecret, service is null ? null : service.GetSecret);
        binder.AddMethod(RuntimeApi.GetBulkSecret, service is null ? null : service.GetBulkSecret);
    }

    public abstract Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context);

    public abstract Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context);
}
