using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>Account lifecycle against a real Pebble: create, find, update, roll the key, deactivate.</summary>
[Collection(PebbleGroup.Name)]
public sealed class AccountTests(SharedPebble shared)
{
    [Fact]
    public async Task Creating_twice_with_one_key_returns_the_same_account_and_find_returns_it_too()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var key = AcmeKey.Create(KeyType.EcP256);

        var created = await client.CreateAccountAsync(key, new NewAccountRequest { Contact = ["mailto:a@example.com"] }, CancellationToken.None);
        var again = await client.CreateAccountAsync(key, new NewAccountRequest(), CancellationToken.None);
        var found = await client.FindAccountAsync(key, CancellationToken.None);

        Assert.Equal(AcmeStatus.Valid, created.Resource.Status);
        Assert.Equal(created.Location, again.Location);
        Assert.Equal(created.Location, found.Location);
        Assert.Equal(["mailto:a@example.com"], found.Resource.Contact);
    }

    [Fact]
    public async Task Finding_an_unknown_key_is_accountDoesNotExist_and_creates_nothing()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);

        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.FindAccountAsync(AcmeKey.Create(KeyType.EcP256), CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.AccountDoesNotExist, error.ErrorType);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Contact_update_is_stored_by_the_CA()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);

        var updated = await client.UpdateContactAsync(account, ["mailto:new@example.com"], CancellationToken.None);
        var found = await client.FindAccountAsync(account.Key, CancellationToken.None);

        Assert.Equal(["mailto:new@example.com"], updated.Resource.Contact);
        Assert.Equal(["mailto:new@example.com"], found.Resource.Contact);
    }

    [Fact]
    public async Task After_key_rollover_the_new_key_orders_and_the_old_key_no_longer_finds_the_account()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        var oldKey = account.Key;

        var rolled = await client.ChangeKeyAsync(account, AcmeKey.Create(KeyType.EcP384), CancellationToken.None);
        var issued = await PebbleHarness.IssueAsync(client, rolled, shared.Pebble, KeyType.EcP256, "rollover.lbacme.example");

        using (issued.Chain)
        {
            Assert.Equal(account.Location, rolled.Location);
            Assert.Equal(KeyType.EcP384, rolled.Key.KeyType);
            Assert.Equal(account.Location, (await client.FindAccountAsync(rolled.Key, CancellationToken.None)).Location);
            var stale = await Assert.ThrowsAsync<AcmeProblemException>(() => client.FindAccountAsync(oldKey, CancellationToken.None));
            Assert.Equal(AcmeErrorTypes.AccountDoesNotExist, stale.ErrorType);
        }
    }

    [Fact]
    public async Task A_deactivated_account_can_no_longer_order()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);

        var deactivated = await client.DeactivateAccountAsync(account, CancellationToken.None);
        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.NewOrderAsync(account, new NewOrderRequest(["gone.lbacme.example"]), CancellationToken.None));

        Assert.Equal(AcmeStatus.Deactivated, deactivated.Resource.Status);
        Assert.Equal(AcmeErrorTypes.Unauthorized, error.ErrorType);
    }
}
