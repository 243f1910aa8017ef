using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Account;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Tests.OperatorActions;

/// <summary>
/// The account key rollover against real Pebble and Azurite: after it the account orders with the new key and the old
/// key finds no account; a rollover that died after storing its pending key, before or after telling the CA, is
/// settled by the next account lookup (a fresh process) to whichever key the CA knows; a second rollover meanwhile is refused.
/// </summary>
public sealed class AccountKeyTests : IAsyncLifetime
{
    private const string KeyName = "lbacme-acme-account";
    private OperatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await OperatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private IAccountKeyStore Keys => _h.Host.Services.GetRequiredService<IAccountKeyStore>();

    [Fact]
    public async Task After_a_rollover_a_new_order_succeeds_with_the_new_key_and_the_old_key_finds_no_account()
    {
        Assert.True((await _h.Host.RenewAsync("lb0", force: false, OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
        var oldPem = (await Keys.GetAsync(KeyName, CancellationToken.None))!;
        using var oldKey = AcmeKey.FromPem(oldPem);
        var account = (await _h.Acme().FindAccountAsync(oldKey, CancellationToken.None)).Location;

        var (status, body, _) = await _h.RollKeyAsync();

        Assert.Equal(200, status);
        Assert.Equal(account, new Uri(body.GetProperty("account").GetString()!));
        Assert.Equal(oldKey.Thumbprint(), body.GetProperty("oldThumbprint").GetString());
        var newPem = (await Keys.GetAsync(KeyName, CancellationToken.None))!;
        using var newKey = AcmeKey.FromPem(newPem);
        Assert.Equal(newKey.Thumbprint(), body.GetProperty("newThumbprint").GetString());
        Assert.Equal(oldKey.KeyType, newKey.KeyType);
        Assert.Null(await Keys.GetAsync(AccountKeyNames.Pending(KeyName), CancellationToken.None));
        var gone = await Assert.ThrowsAsync<AcmeProblemException>(() => _h.Acme().FindAccountAsync(oldKey, CancellationToken.None));
        Assert.Equal(AcmeErrorTypes.AccountDoesNotExist, gone.ErrorType);
        Assert.Equal(account, (await _h.Acme().FindAccountAsync(newKey, CancellationToken.None)).Location);
        // The same process (its account cache) orders with the new key: a forced renewal of another LB goes through.
        var renewed = await _h.Host.RenewAsync("lb1", force: true, OperatorHarness.Deadline, CancellationToken.None);
        Assert.True(renewed.Succeeded, string.Join("; ", renewed.All));
    }

    [Fact]
    public async Task A_rollover_that_died_before_telling_the_CA_keeps_the_old_key()
    {
        var (acme, fleet, oldKey, account) = await AccountAsync();
        using var pending = AcmeKey.Create(oldKey.KeyType);
        await Keys.SetAsync(AccountKeyNames.Pending(KeyName), pending.ExportPkcs8Pem(), CancellationToken.None);

        var recovered = await FreshProcessAccountAsync(acme, fleet);

        Assert.Equal(account.Location, recovered.Location);
        Assert.Equal(oldKey.Thumbprint(), recovered.Key.Thumbprint());
        Assert.Null(await Keys.GetAsync(AccountKeyNames.Pending(KeyName), CancellationToken.None));
        Assert.True((await _h.Host.RenewAsync("lb0", force: true, OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_rollover_that_died_after_the_key_change_moves_the_store_to_the_new_key()
    {
        var (acme, fleet, oldKey, account) = await AccountAsync();
        using var pending = AcmeKey.Create(oldKey.KeyType);
        await Keys.SetAsync(AccountKeyNames.Pending(KeyName), pending.ExportPkcs8Pem(), CancellationToken.None);
        await acme.ChangeKeyAsync(account, pending, CancellationToken.None);

        var recovered = await FreshProcessAccountAsync(acme, fleet);

        Assert.Equal(account.Location, recovered.Location);
        Assert.Equal(pending.Thumbprint(), recovered.Key.Thumbprint());
        using var stored = AcmeKey.FromPem((await Keys.GetAsync(KeyName, CancellationToken.None))!);
        Assert.Equal(pending.Thumbprint(), stored.Thumbprint());
        Assert.Null(await Keys.GetAsync(AccountKeyNames.Pending(KeyName), CancellationToken.None));
        // The stand-in host's own account cache follows the stored key: its next order is signed by the new key.
        var renewed = await _h.Host.RenewAsync("lb0", force: true, OperatorHarness.Deadline, CancellationToken.None);
        Assert.True(renewed.Succeeded, string.Join("; ", renewed.All));
    }

    [Fact]
    public async Task A_rollover_is_refused_while_another_holds_the_account_key_lock()
    {
        await AccountAsync();
        var locks = _h.Host.Services.GetRequiredService<ILbLock>();
        await using (var held = await locks.TryAcquireAsync(AccountKeyNames.Lock(KeyName), CancellationToken.None))
        {
            Assert.NotNull(held);
            var (status, body, _) = await _h.RollKeyAsync();
            Assert.Equal(409, status);
            Assert.Equal("busy", body.GetProperty("code").GetString());
        }
        Assert.Equal(200, (await _h.RollKeyAsync()).Status);
    }

    private async Task<(AcmeClient Acme, FleetOptions Fleet, AcmeKey OldKey, Acme.Resources.AcmeAccount Account)> AccountAsync()
    {
        var acme = _h.Acme();
        var fleet = _h.Host.Services.GetRequiredService<IOptions<FleetOptions>>().Value;
        var account = await new FleetAccount(Keys).GetAsync(acme, fleet, KeyName, CancellationToken.None);
        return (acme, fleet, account.Key, account);
    }

    /// <summary>What the engine's account lookup does in a process that starts after the crash.</summary>
    private async Task<Acme.Resources.AcmeAccount> FreshProcessAccountAsync(AcmeClient acme, FleetOptions fleet) =>
        await new FleetAccount(Keys, _h.Host.Services.GetRequiredService<ILbLock>()).GetAsync(acme, fleet, KeyName, CancellationToken.None);
}
