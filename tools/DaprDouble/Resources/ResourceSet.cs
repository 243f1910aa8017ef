namespace LbAcme.DaprDouble.Resources;

/// <summary>What daprd loaded from --resources-path for this app id: component names by building block, and declarative subscriptions.</summary>
internal sealed record ResourceSet(IReadOnlyList<SecretStoreComponent> SecretStores, IReadOnlyList<string> PubSubs, IReadOnlyList<DaprSubscription> Subscriptions)
{
    public static readonly ResourceSet Empty = new([], [], []);
}
