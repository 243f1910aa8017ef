using LbAcme.LocalEnvironment;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>One plain Pebble shared by the order tests (it keeps no state between orders that matters to them).</summary>
public sealed class SharedPebble : IAsyncLifetime
{
    public PebbleFixture Pebble { get; private set; } = null!;

    public async Task InitializeAsync() => Pebble = await PebbleFixture.StartAsync(new PebbleOptions { AlternateRoots = 1 });

    public async Task DisposeAsync() => await Pebble.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PebbleGroup : ICollectionFixture<SharedPebble>
{
    public const string Name = "pebble";
}
