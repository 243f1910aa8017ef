using Grpc.Core;
using LbAcme.Sidecar.Logging;

namespace LbAcme.Sidecar.Certificates.Dapr;

internal enum DaprSecretError
{
    NotFound,
    TooLarge,
    Failed,
}

/// <summary>
/// What a failed GetSecret means. daprd has no "not found" status for secrets: every component error comes back as
/// gRPC Internal, "failed getting secret with key {name} from secret store {store}: {component error}" (daprd's
/// ErrSecretGet), so a missing secret is recognised by the component's own words, and only these:
/// local.file's "secret {name} not found", and the Key Vault component's Azure SDK error, whose text carries
/// "RESPONSE 404" and "ERROR CODE: SecretNotFound" (a bare 404 is not enough: a managed-identity token endpoint's
/// 404 is reported through the same message). Everything else fails the round: Unavailable (daprd down),
/// InvalidArgument (no such secret store component), Unauthenticated (DAPR_API_TOKEN), PermissionDenied (the
/// component's secret scoping), Internal for any other component error (403 from Key Vault, a throttled vault).
/// ResourceExhausted is an answer over the channel's receive limit, refused before it was buffered.
/// </summary>
internal static class DaprSecretErrors
{
    public static DaprSecretError Classify(RpcException error, string secretStore, string name)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.StatusCode == StatusCode.ResourceExhausted)
        {
            return DaprSecretError.TooLarge;
        }
        if (error.StatusCode != StatusCode.Internal || ComponentError(error.Status.Detail, secretStore, name) is not { } component)
        {
            return DaprSecretError.Failed;
        }
        var localFile = string.Equals(component, $"secret {name} not found", StringComparison.Ordinal);
        var keyVault = component.Contains("RESPONSE 404", StringComparison.Ordinal) && component.Contains("ERROR CODE: SecretNotFound", StringComparison.Ordinal);
        return localFile || keyVault ? DaprSecretError.NotFound : DaprSecretError.Failed;
    }

    /// <summary>One stable line naming what to look at; no request ids (the Azure SDK's error body is left out).</summary>
    public static string Describe(RpcException error, string secretStore, string name)
    {
        ArgumentNullException.ThrowIfNull(error);
        var detail = error.Status.Detail ?? "";
        return error.StatusCode switch
        {
            StatusCode.Unavailable => $"daprd unreachable (Unavailable: {FailureReason.FirstLine(detail)})",
            StatusCode.Unauthenticated => $"daprd refused the API token (Unauthenticated: {FailureReason.FirstLine(detail)}); "
                + "lb-sidecar sends DAPR_API_TOKEN from its environment, which must equal daprd's",
            StatusCode.InvalidArgument when detail.Contains("failed finding secret store", StringComparison.Ordinal) =>
                $"daprd has no secret store component '{secretStore}' (InvalidArgument: {FailureReason.FirstLine(detail)}); "
                + "check Sidecar:CertificateSync:Dapr:SecretStore, the component file and its scopes",
            StatusCode.PermissionDenied => $"daprd's secret scoping denies {name} in '{secretStore}' (PermissionDenied: {FailureReason.FirstLine(detail)})",
            StatusCode.Internal when ComponentError(detail, secretStore, name) is { } component =>
                $"secret store '{secretStore}' failed reading {name}: {Summary(component)}",
            StatusCode.DeadlineExceeded => "timed out",
            _ => $"daprd answered {error.StatusCode} reading {name} from '{secretStore}': {FailureReason.FirstLine(detail)}",
        };
    }

    /// <summary>The component's own error after daprd's ErrSecretGet prefix, or null when the detail is not that message.</summary>
    private static string? ComponentError(string? detail, string secretStore, string name)
    {
        var prefix = $"failed getting secret with key {name} from secret store {secretStore}: ";
        return detail is not null && detail.StartsWith(prefix, StringComparison.Ordinal) ? detail[prefix.Length..] : null;
    }

    /// <summary>
    /// The Azure SDK's error is several lines (request URL, "RESPONSE 403: 403 Forbidden", "ERROR CODE: Forbidden",
    /// the JSON body with request ids): its status and code lines say it; any other error's first line does.
    /// </summary>
    private static string Summary(string component)
    {
        var lines = component.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var status = lines.FirstOrDefault(l => l.StartsWith("RESPONSE ", StringComparison.Ordinal));
        if (status is null)
        {
            return FailureReason.FirstLine(component);
        }
        var code = lines.FirstOrDefault(l => l.StartsWith("ERROR CODE", StringComparison.Ordinal));
        return code is null ? status : $"{status}, {code}";
    }
}
