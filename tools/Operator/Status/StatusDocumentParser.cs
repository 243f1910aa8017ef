using System.Globalization;
using System.Text.Json;
using LbAcme.Core.Status;

namespace LbAcme.Operator.Status;

/// <summary>Reads a fleet status document with Core's source-generated <see cref="StatusJson"/>, refusing one it cannot trust.</summary>
public static class StatusDocumentParser
{
    public static StatusRead Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FleetStatusDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, StatusJson.Default.FleetStatusDocument);
        }
        catch (JsonException e)
        {
            // The parser's message names the path and position, never the content.
            return StatusRead.Failed($"the status is not a fleet status document: {e.Message}");
        }
        // The generated reader does not enforce non-null members: a list the table walks must be there.
        if (document?.LoadBalancers is null || document.Vips is null || document.LoadBalancers.Any(lb => lb?.Addresses is null || lb.Addresses.Contains(null)) || document.Vips.Contains(null))
        {
            return StatusRead.Failed("the status is not a fleet status document: loadBalancers, vips or an LB's addresses missing");
        }
        // Certificates came later (absent from older functions' documents), but an entry that is there must be whole.
        if (document.LoadBalancers.Any(lb => lb.Certificates is { } certificates
            && certificates.Any(c => c?.Certificate is null || c.Names is null || c.Addresses is null || c.Addresses.Contains(null))))
        {
            return StatusRead.Failed("the status is not a fleet status document: an LB's certificate entry lacks its name, names or addresses");
        }
        if (document.SchemaVersion > FleetStatusDocument.CurrentSchemaVersion)
        {
            return StatusRead.Failed(string.Create(CultureInfo.InvariantCulture,
                $"the status has schema version {document.SchemaVersion}, newer than the {FleetStatusDocument.CurrentSchemaVersion} this lb-acme knows: update lb-acme"));
        }
        return new StatusRead(document, json, null);
    }
}
