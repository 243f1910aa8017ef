using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Certificates;

/// <summary>Writes status/{lb} to the shared store (Sidecar:Store); without a shared store (<paramref name="container"/> null) there is nowhere to report to.</summary>
internal sealed class DeployStatusReporter(BlobContainerClient? container)
{
    public bool IsConfigured => container is not null;

    public async Task WriteAsync(string lb, DeployStatus status, CancellationToken cancellationToken)
    {
        if (container is null)
        {
            return;
        }
        await container.GetBlobClient(StoreLayout.Status(lb))
            .UploadAsync(BinaryData.FromObjectAsJson(status, StatusJson.Default.DeployStatus), overwrite: true, cancellationToken);
    }
}
