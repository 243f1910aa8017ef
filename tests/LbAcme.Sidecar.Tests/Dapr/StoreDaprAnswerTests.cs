using Grpc.Core;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Certificates.Dapr;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// What the dapr source makes of daprd's answers, in daprd's and the components' own words (dapr/dapr ErrSecretGet,
/// components-contrib local.file and azure.keyvault through the Azure SDK for Go's ResponseError text).
/// </summary>
public sealed class StoreDaprAnswerTests
{
    private const string Store = "lbacme-certificates";
    private const string Name = "lbacme-lb0";

    private static RpcException Answer(StatusCode code, string detail) => new(new Status(code, detail));

    private static string SecretGet(string componentError) => $"failed getting secret with key {Name} from secret store {Store}: {componentError}";

    private static string KeyVaultError(int status, string reason, string code) =>
        $"GET https://lbacme-kv.vault.azure.net/secrets/{Name}/\n--------------------------------------------------------------------------------\n"
        + $"RESPONSE {status}: {status} {reason}\nERROR CODE: {code}\n--------------------------------------------------------------------------------\n"
        + "{\n  \"error\": {\n    \"code\": \"" + code + "\",\n    \"message\": \"x-ms-request-id 1234\"\n  }\n}\n"
        + "--------------------------------------------------------------------------------\n";

    [Fact]
    public void A_missing_secret_is_recognised_in_local_file_and_Key_Vault_words()
    {
        Assert.Equal(DaprSecretError.NotFound, DaprSecretErrors.Classify(Answer(StatusCode.Internal, SecretGet($"secret {Name} not found")), Store, Name));
        Assert.Equal(DaprSecretError.NotFound, DaprSecretErrors.Classify(Answer(StatusCode.Internal, SecretGet(KeyVaultError(404, "Not Found", "SecretNotFound"))), Store, Name));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, "Error connecting to subchannel.")]
    [InlineData(StatusCode.Unauthenticated, "authentication error: api token mismatch")]
    [InlineData(StatusCode.InvalidArgument, "failed finding secret store with key lbacme-certificates")]
    [InlineData(StatusCode.PermissionDenied, "access denied by policy to get \"lbacme-lb0\" from \"lbacme-certificates\"")]
    [InlineData(StatusCode.Internal, "failed getting secret with key lbacme-lb0 from secret store lbacme-certificates: secret lbacme-lb1 not found")]
    [InlineData(StatusCode.Internal, "failed getting secret with key lbacme-lb0 from secret store other-store: secret lbacme-lb0 not found")]
    [InlineData(StatusCode.Internal, "secret lbacme-lb0 not found")]
    [InlineData(StatusCode.NotFound, "secret lbacme-lb0 not found")]
    public void Anything_else_fails_the_round(StatusCode code, string detail)
    {
        Assert.Equal(DaprSecretError.Failed, DaprSecretErrors.Classify(Answer(code, detail), Store, Name));
    }

    [Fact]
    public void A_404_that_is_not_Key_Vaults_SecretNotFound_is_not_a_missing_secret()
    {
        // A managed identity's token endpoint answering 404 is reported through the same ErrSecretGet message.
        var token = SecretGet("azure.BearerAuthorizer#WithAuthorization: Failed to refresh the Token: StatusCode=404");
        var forbidden = SecretGet(KeyVaultError(403, "Forbidden", "Forbidden"));

        Assert.Equal(DaprSecretError.Failed, DaprSecretErrors.Classify(Answer(StatusCode.Internal, token), Store, Name));
        Assert.Equal(DaprSecretError.Failed, DaprSecretErrors.Classify(Answer(StatusCode.Internal, forbidden), Store, Name));
        Assert.Equal($"secret store '{Store}' failed reading {Name}: RESPONSE 403: 403 Forbidden, ERROR CODE: Forbidden",
            DaprSecretErrors.Describe(Answer(StatusCode.Internal, forbidden), Store, Name));
    }

    [Fact]
    public void An_answer_over_the_receive_limit_is_too_large()
    {
        var refused = Answer(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");

        Assert.Equal(DaprSecretError.TooLarge, DaprSecretErrors.Classify(refused, Store, Name));
    }

    [Fact]
    public void Failures_are_described_by_what_to_look_at()
    {
        Assert.StartsWith("daprd unreachable (Unavailable", DaprSecretErrors.Describe(Answer(StatusCode.Unavailable, "Error connecting to subchannel."), Store, Name), StringComparison.Ordinal);
        Assert.Contains("DAPR_API_TOKEN", DaprSecretErrors.Describe(Answer(StatusCode.Unauthenticated, "authentication error: api token mismatch"), Store, Name), StringComparison.Ordinal);
        Assert.StartsWith($"daprd has no secret store component '{Store}'",
            DaprSecretErrors.Describe(Answer(StatusCode.InvalidArgument, $"failed finding secret store with key {Store}"), Store, Name), StringComparison.Ordinal);
    }

    [Fact]
    public void The_value_is_picked_by_the_secret_name_and_a_wrong_shape_is_refused_naming_keys_only()
    {
        Assert.Equal("pem", DaprSecretValue.Pick(new Dictionary<string, string> { [Name] = "pem" }, Store, Name));
        Assert.Equal("pem", DaprSecretValue.Pick(new Dictionary<string, string> { ["LBACME-LB0"] = "pem" }, Store, Name));

        var other = Assert.Throws<DaprSecretException>(() => DaprSecretValue.Pick(new Dictionary<string, string> { ["tls.crt"] = "secret-value" }, Store, Name));
        var none = Assert.Throws<DaprSecretException>(() => DaprSecretValue.Pick(new Dictionary<string, string>(), Store, Name));
        var empty = Assert.Throws<DaprSecretException>(() => DaprSecretValue.Pick(new Dictionary<string, string> { [Name] = "" }, Store, Name));

        Assert.Contains("'tls.crt'", other.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", other.Message, StringComparison.Ordinal);
        Assert.Contains("no keys", none.Message, StringComparison.Ordinal);
        Assert.Contains("empty value", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_is_the_values_sha256_in_lowercase_hex()
    {
        // sha256("abc"), FIPS 180-2's example.
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DaprSecretVersion.Of("abc"));
    }

    [Theory]
    [InlineData("/secrets/lbacme-api-lb0/", "lbacme-api-lb0")]
    [InlineData("/secrets/lbacme-lb0/0123456789abcdef", "lbacme-lb0")]
    [InlineData("/certificates/x", "/certificates/x")]
    public void The_Key_Vault_read_cap_names_the_secret_its_request_asked_for(string path, string expected)
    {
        Assert.Equal(expected, CertificateStores.SecretName(path));
    }
}
