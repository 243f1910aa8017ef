using Dapr;
using Dapr.Client;
using Grpc.Core;
using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using Xunit;
using Daprd = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.DaprDouble;

/// <summary>
/// The double's runtime API read through a real DaprClient over real HTTP/2, as the sidecar's "dapr" store reads it:
/// what daprd answers for a secret, a missing one, an unknown store, a missing or wrong API token, and while it is away.
/// </summary>
public sealed class SecretApiTests
{
    private const string Store = DaprNames.SecretStore;

    [Fact]
    public async Task A_secret_is_answered_as_name_to_value_and_each_read_is_counted_with_its_metadata()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions());
        daprd.SetSecret(Store, "web-lb1", "PEM-1");
        using var client = Client(daprd);

        var first = await client.GetSecretAsync(Store, "web-lb1", new Dictionary<string, string> { ["version_id"] = "v7" });
        daprd.SetSecret(Store, "web-lb1", "PEM-2");
        var second = await client.GetSecretAsync(Store, "web-lb1");

        Assert.Equal(new Dictionary<string, string> { ["web-lb1"] = "PEM-1" }, first);
        Assert.Equal("PEM-2", second["web-lb1"]);
        Assert.Equal(2, daprd.SecretReads(Store, "web-lb1"));
        Assert.Equal(2, daprd.SecretReadsTotal);
        Assert.Equal("v7", daprd.SecretReadLog[0].Metadata["version_id"]);
        Assert.Empty(daprd.SecretReadLog[1].Metadata);
    }

    [Fact]
    public async Task A_missing_secret_fails_Internal_with_daprds_message_and_still_counts_as_a_store_read()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions());
        daprd.SetSecret(Store, "web-lb1", "PEM");
        daprd.RemoveSecret(Store, "web-lb1");
        using var client = Client(daprd);

        var status = await FailureAsync(() => client.GetSecretAsync(Store, "web-lb1"));

        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.Equal($"failed getting secret with key web-lb1 from secret store {Store}: secret web-lb1 not found", status.Detail);
        Assert.Equal(1, daprd.SecretReads(Store, "web-lb1"));
    }

    [Fact]
    public async Task An_unknown_store_fails_InvalidArgument_and_reaches_no_store()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions());
        using var client = Client(daprd);

        var status = await FailureAsync(() => client.GetSecretAsync("lbacme-elsewhere", "web-lb1"));

        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("failed finding secret store with key lbacme-elsewhere", status.Detail);
        Assert.Equal(0, daprd.SecretReadsTotal);
    }

    [Fact]
    public async Task With_an_API_token_only_calls_carrying_it_are_served()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions { DaprApiToken = "s3cret" });
        daprd.SetSecret(Store, "web-lb1", "PEM");
        using var none = Client(daprd);
        using var wrong = Client(daprd, "guess");
        using var right = Client(daprd, "s3cret");

        var missing = await FailureAsync(() => none.GetSecretAsync(Store, "web-lb1"));
        var mismatch = await FailureAsync(() => wrong.GetSecretAsync(Store, "web-lb1"));
        var served = await right.GetSecretAsync(Store, "web-lb1");

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, mismatch.StatusCode);
        Assert.Equal("PEM", served["web-lb1"]);
        Assert.Equal(1, daprd.SecretReads(Store, "web-lb1"));
    }

    [Fact]
    public async Task Bulk_read_answers_every_secret_of_the_store()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions());
        daprd.SetSecret(Store, "web-lb1", "A");
        daprd.SetSecret(Store, "api-lb1", "B");
        using var client = Client(daprd);

        var all = await client.GetBulkSecretAsync(Store);

        Assert.Equal(["api-lb1", "web-lb1"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("A", all["web-lb1"]["web-lb1"]);
        Assert.Equal(1, daprd.SecretReadsTotal);
        Assert.Null(daprd.SecretReadLog.Single().Name);
    }

    [Fact]
    public async Task Runtime_API_methods_other_than_the_secret_ones_are_Unimplemented()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions());
        using var client = Client(daprd);

        var status = await FailureAsync(() => client.GetStateAsync<string>("statestore", "k"));

        Assert.Equal(StatusCode.Unimplemented, status.StatusCode);
    }

    [Fact]
    public async Task Stopped_the_API_is_Unavailable_and_started_again_it_serves_on_the_same_port()
    {
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions());
        daprd.SetSecret(Store, "web-lb1", "PEM");
        using var client = Client(daprd);
        var endpoint = daprd.GrpcEndpoint;
        await client.GetSecretAsync(Store, "web-lb1");

        await daprd.StopAsync();
        var away = await FailureAsync(() => client.GetSecretAsync(Store, "web-lb1"));
        await daprd.StartAgainAsync();
        var back = await EventuallyAsync(() => client.GetSecretAsync(Store, "web-lb1"));

        Assert.Equal(StatusCode.Unavailable, away.StatusCode);
        Assert.Equal(endpoint, daprd.GrpcEndpoint);
        Assert.Equal("PEM", back["web-lb1"]);
        Assert.Equal(2, daprd.SecretReads(Store, "web-lb1"));
    }

    private static DaprClient Client(Daprd daprd, string? apiToken = null)
    {
        var builder = new DaprClientBuilder().UseGrpcEndpoint(daprd.GrpcEndpoint.ToString());
        if (apiToken is not null)
        {
            builder.UseDaprApiToken(apiToken);
        }
        return builder.Build();
    }

    /// <summary>The gRPC status behind the DaprException a failed call throws.</summary>
    private static async Task<Status> FailureAsync(Func<Task> call)
    {
        var failure = await Assert.ThrowsAsync<DaprException>(call);
        return Assert.IsType<RpcException>(failure.InnerException).Status;
    }

    /// <summary>
    /// A call retried while the client's channel leaves its reconnect backoff (grpc-dotnet fails calls fast until
    /// then, as it would against a restarted daprd); bounded by attempts, not by time.
    /// </summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (DaprException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
