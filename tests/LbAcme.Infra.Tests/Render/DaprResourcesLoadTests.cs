using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// The directory <c>render dapr</c> writes, loaded as daprd's --resources-path by the Dapr double (which reads
/// Component and Subscription files the way daprd does): the LB's own app id finds the subscription through the
/// rendered pub/sub component, another LB's app id finds nothing. A real daprd was not available to confirm this.
/// </summary>
public sealed class DaprResourcesLoadTests : IDisposable
{
    private readonly DaprFleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task The_LBs_daprd_subscribes_its_app_to_the_topic_through_the_rendered_pubsub()
    {
        await _fleet.RenderFilesAsync("lb1");
        await using var daprd = await DaprDouble.DaprDouble.StartAsync(Options(DaprNames.AppId("lb1")));

        var subscription = Assert.Single(await daprd.DiscoverAsync());

        Assert.Equal(DaprNames.PubSub, subscription.PubSubName);
        Assert.Equal(DaprNames.Topic, subscription.Topic);
        Assert.Equal(DaprNames.EventRoute, subscription.Route);
        Assert.False(subscription.RawPayload);
    }

    [Fact]
    public async Task Another_LBs_daprd_loads_nothing_from_the_directory()
    {
        await _fleet.RenderFilesAsync("lb1");
        await using var daprd = await DaprDouble.DaprDouble.StartAsync(Options(DaprNames.AppId("lb0")));

        Assert.Empty(await daprd.DiscoverAsync());
    }

    [Fact]
    public async Task With_events_off_the_LBs_daprd_subscribes_to_nothing()
    {
        _fleet.Dapr["Events"] = false;
        await _fleet.RenderFilesAsync("lb1");
        await using var daprd = await DaprDouble.DaprDouble.StartAsync(Options(DaprNames.AppId("lb1")));

        Assert.Empty(await daprd.DiscoverAsync());
    }

    /// <summary>No built-in components: only what the rendered directory declares is loaded.</summary>
    private DaprDoubleOptions Options(string appId) => new()
    {
        AppId = appId,
        ResourcesPath = _fleet.Components,
        SecretStores = [],
        PubSubs = [],
    };
}
