using LbAcme.Core.Status;
using LbAcme.Renewal.Status;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>Answers the status document a test sets (the status builder is tested on its own).</summary>
public sealed class FakeFleetStatusSource(FleetStatusDocument document) : IFleetStatusSource
{
    public FleetStatusDocument Document { get; set; } = document;

    public Task<FleetStatusDocument> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Document);
}
