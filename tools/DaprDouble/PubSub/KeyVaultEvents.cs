using System.Text.Json;
using LbAcme.Core.Dapr;

namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// The message body Event Grid writes to Service Bus for Microsoft.KeyVault.CertificateNewVersionCreated when the
/// subscription delivers in CloudEventSchemaV1_0 (https://learn.microsoft.com/azure/event-grid/event-schema-key-vault,
/// "Cloud event schema" tab): source = the vault's resource id, subject = the object name, data = {Id, VaultName,
/// ObjectType, ObjectName, Version, NBF, EXP} with NBF/EXP in seconds since 1970 (numbers, as that page's property
/// table and the Event Grid SDKs' KeyVaultCertificateNewVersionCreatedEventData say; the page's sample shows strings).
/// </summary>
internal static class KeyVaultEvents
{
    /// <summary>A fixed subscription and resource group: the sidecar must not depend on them, only on the vault name.</summary>
    private const string VaultResourceGroup = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/lbacme";

    public static string CertificateNewVersionCreated(string vaultName, string objectName, string version, DateTimeOffset notBefore, DateTimeOffset expires, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(vaultName);
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentException.ThrowIfNullOrEmpty(version);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Guid.NewGuid().ToString());
            json.WriteString("source", $"{VaultResourceGroup}/providers/Microsoft.KeyVault/vaults/{vaultName}");
            json.WriteString("specversion", "1.0");
            json.WriteString("type", DaprNames.CertificateNewVersionCreated);
            json.WriteString("subject", objectName);
            json.WriteString("time", time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartObject("data");
            json.WriteString("Id", $"https://{vaultName}.vault.azure.net/certificates/{objectName}/{version}");
            json.WriteString("VaultName", vaultName);
            json.WriteString("ObjectType", "Certificate");
            json.WriteString("ObjectName", objectName);
            json.WriteString("Version", version);
            json.WriteNumber("NBF", notBefore.ToUnixTimeSeconds());
            json.WriteNumber("EXP", expires.ToUnixTimeSeconds());
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
