using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Certificates;

/// <summary>Writes status/{lb} to the shared store (Sidecar:Store); without a shared store there is nowhere to report to.</summary>
internal sealed class DeployStatusReporter(IServiceProvider services, IOptions<SidecarOptions> options)
{
    public bool IsConfigured => options.Value.Store.IsConfigured;

    public async Task WriteAsync(string lb, DeployStatus status, CancellationToken cancellationToken)
    {
        var container = services.GetRequiredService<BlobContainerClient>();
        await container.GetBlobClient(StoreLayout.Status(lb))
            .UploadAsync(BinaryData.FromObjectAsJson(status, StatusJson.Default.DeployStatus), overwrite: true, cancellationToken);
    }
}
