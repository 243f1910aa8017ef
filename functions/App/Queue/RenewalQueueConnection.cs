using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Functions.Queue;

/// <summary>
/// Reads the queue connection the way the Functions host reads the trigger's: "RenewalQueue" as a connection
/// string (Azurite, local), else "RenewalQueue__queueServiceUri" (or "__accountName") with the app's identity.
/// The enqueuing code and the trigger therefore always talk to the same queue.
/// </summary>
public static class RenewalQueueConnection
{
    /// <summary>The queue's service client, or the setting that is missing or wrong.</summary>
    public static (QueueServiceClient? Client, string? Problem) Create(IConfiguration configuration, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(RenewalQueueContract.Connection);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.Retry.MaxRetries = 3;
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            try
            {
                return (new QueueServiceClient(section.Value, options), null);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return (null, $"{RenewalQueueContract.Connection}: not a storage connection string ({e.Message})");
            }
        }
        var serviceUri = section["queueServiceUri"];
        if (string.IsNullOrWhiteSpace(serviceUri) && section["accountName"] is { Length: > 0 } account)
        {
            serviceUri = $"https://{account}.queue.core.windows.net";
        }
        if (string.IsNullOrWhiteSpace(serviceUri))
        {
            return (null, $"{RenewalQueueContract.Connection}: set a connection string, or {RenewalQueueContract.Connection}__queueServiceUri (or __accountName) for the app's identity");
        }
        if (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return (null, $"{RenewalQueueContract.Connection}__queueServiceUri: '{serviceUri}' is not an https URI");
        }
        return (new QueueServiceClient(uri, credential, options), null);
    }
}
