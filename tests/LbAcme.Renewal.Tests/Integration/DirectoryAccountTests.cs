using System.Collections.Concurrent;
using LbAcme.Acme;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Engine;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// A fleet moved to another ACME directory signs with that CA's account, never the old CA's account URL: the
/// account is found (or created) by newAccount at the client's own directory, and the process cache follows the
/// directory the client talks to even while the configuration (read live) already names another one.
/// </summary>
public sealed class DirectoryAccountTests
{
    [Fact]
    public async Task Each_directory_gets_its_own_account_for_the_fleets_one_key()
    {
        await using var caA = await AriCaDouble.StartAsync();
        await using var caB = await AriCaDouble.StartAsync();
        var keys = new InMemoryAccountKeys();
        var accounts = new FleetAccount(keys);
        // The configuration still names A: the engine's client was built for B.
        var fleet = new FleetOptions { AcmeDirectoryUrl = caA.DirectoryUrl, Contact = ["mailto:ops@example.test"] };
        using var http = new HttpClient();

        var onA = await accounts.GetAsync(Client(http, caA.DirectoryUrl), fleet, "lbacme-acme-account", CancellationToken.None);
        var onB = await accounts.GetAsync(Client(http, caB.DirectoryUrl), fleet, "lbacme-acme-account", CancellationToken.None);

        Assert.Equal(caA.DirectoryUrl.Authority, onA.Location.Authority);
        Assert.Equal(caB.DirectoryUrl.Authority, onB.Location.Authority);
        Assert.NotEqual(onA.Location, onB.Location);
        Assert.Single(keys.Keys); // one stored key, one account per CA
    }

    private static AcmeClient Client(HttpClient http, Uri directory) =>
        new(http, Options.Create(new AcmeClientOptions { DirectoryUrl = directory }));

    private sealed class InMemoryAccountKeys : IAccountKeyStore
    {
        public ConcurrentDictionary<string, string> Keys { get; } = new();

        public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(Keys.TryGetValue(name, out var pem) ? pem : null);

        public Task<string> GetOrAddAsync(string name, string pkcs8Pem, CancellationToken cancellationToken) =>
            Task.FromResult(Keys.GetOrAdd(name, pkcs8Pem));

        public Task SetAsync(string name, string? pkcs8Pem, CancellationToken cancellationToken)
        {
            if (pkcs8Pem is null)
            {
                Keys.TryRemove(name, out _);
            }
            else
            {
                Keys[name] = pkcs8Pem;
            }
            return Task.CompletedTask;
        }
    }
}
