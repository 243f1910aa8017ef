using Azure.Storage.Blobs;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;
using LbAcme.Testing.Served;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>The fleet status over an engine's own stores, as the Status function reads it (no probe report: the sidecars' reports stand in).</summary>
internal static class EngineStatus
{
    public static Task<FleetStatusDocument> GetAsync(IServiceProvider engine) =>
        new FleetStatusSource(engine.GetRequiredService<IOptionsMonitor<FleetOptions>>(), engine.GetRequiredService<RenewalEngineOptions>(),
                engine.GetRequiredService<ICertificateStore>(), engine.GetRequiredService<IRunJournal>(), new MemoryServedReportStore(),
                new BlobTimerRunLog(engine.GetRequiredService<BlobContainerClient>()), TimeProvider.System)
            .GetAsync(CancellationToken.None);
}
