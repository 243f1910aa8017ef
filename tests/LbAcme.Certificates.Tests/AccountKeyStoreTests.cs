using Azure.Storage.Blobs;
using LbAcme.Certificates.Blob;
using LbAcme.Certificates.KeyVault;
using LbAcme.LocalEnvironment;
using LbAcme.Testing;

namespace LbAcme.Certificates.Tests;

/// <summary>
/// Both account key stores (Blob on Azurite, Key Vault through the real SDK against the double) replace a key, clear it
/// (reads as none), and after a clear let GetOrAdd store a fresh one: what a key rollover and a deactivation rely on.
/// </summary>
public sealed class AccountKeyStoreTests : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;
    private KeyVaultDouble _vault = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        _vault = await KeyVaultDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _vault.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_key_is_replaced_cleared_and_created_afresh_in_the_blob_store()
    {
        var container = new BlobContainerClient(_azurite.ConnectionString, "certificates");
        await container.CreateIfNotExistsAsync();
        await AssertLifecycleAsync(new BlobAccountKeyStore(container));
    }

    [Fact]
    public async Task A_key_is_replaced_cleared_and_created_afresh_in_key_vault() =>
        await AssertLifecycleAsync(new KeyVaultAccountKeyStore(_vault.SecretClient()));

    private static async Task AssertLifecycleAsync(IAccountKeyStore store)
    {
        var ct = CancellationToken.None;
        Assert.Equal("first", await store.GetOrAddAsync("acct", "first", ct));
        Assert.Equal("first", await store.GetOrAddAsync("acct", "second", ct)); // created once

        await store.SetAsync("acct", "rolled", ct);
        Assert.Equal("rolled", await store.GetAsync("acct", ct));

        await store.SetAsync("acct", null, ct);
        Assert.Null(await store.GetAsync("acct", ct));

        Assert.Equal("fresh", await store.GetOrAddAsync("acct", "fresh", ct));
        Assert.Equal("fresh", await store.GetOrAddAsync("acct", "other", ct));
        Assert.Null(await store.GetAsync("acct-pending", ct));
    }
}
