using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;

namespace LbAcme.DaprDouble.Runtime;

/// <summary>
/// The runtime API methods the double serves, described by hand: Dapr.Protos ships client stubs only, so the server
/// side is bound from the same service name, method names and message parsers (no hand-written .proto).
/// </summary>
internal static class RuntimeApi
{
    /// <summary>The gRPC service daprd serves on its API port (dapr/proto/runtime/v1/dapr.proto).</summary>
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public static readonly Method<GetSecretRequest, GetSecretResponse> GetSecret =
        Unary("GetSecret", GetSecretRequest.Parser, GetSecretResponse.Parser);

    public static readonly Method<GetBulkSecretRequest, GetBulkSecretResponse> GetBulkSecret =
        Unary("GetBulkSecret", GetBulkSecretRequest.Parser, GetBulkSecretResponse.Parser);

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, ServiceName, name,
            Marshallers.Create(m => m.ToByteArray(), request.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), response.ParseFrom));
}
