using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Functions.Tests.OperatorActions;

/// <summary>
/// Deactivating the account against real Pebble and Azurite: refused without the account's exact URL (and the refusal
/// names it), then done: the CA refuses the old account, its key is archived, and the next run registers a new account.
/// </summary>
public sealed class DeactivateTests : IAsyncLifetime
{
    private const string KeyName = "lbacme-acme-account";
    private OperatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await OperatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Deactivation_needs_the_exact_URL_then_the_CA_refuses_the_old_account_and_the_next_run_registers_a_new_one()
    {
        Assert.True((await _h.Host.RenewAsync("lb0", force: false, OperatorHarness.Deadline, CancellationToken.None)).Succeeded);
        var keys = _h.Host.Services.GetRequiredService<IAccountKeyStore>();
        var oldPem = (await keys.GetAsync(KeyName, CancellationToken.None))!;
        using var oldKey = AcmeKey.FromPem(oldPem);
        var account = (await _h.Acme().FindAccountAsync(oldKey, CancellationToken.None)).Location;

        var unconfirmed = await _h.DeactivateAsync(null);
        var wrong = await _h.DeactivateAsync($$"""{"confirm":"{{account}}x"}""");
        var typo = await _h.DeactivateAsync($$"""{"confrim":"{{account}}"}""");
        Assert.Equal((400, "notConfirmed"), (unconfirmed.Status, unconfirmed.Body.GetProperty("code").GetString()));
        Assert.Equal(account.AbsoluteUri, unconfirmed.Body.GetProperty("account").GetString());
        Assert.Contains($"send confirm: \"{account}\"", unconfirmed.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((409, "notConfirmed"), (wrong.Status, wrong.Body.GetProperty("code").GetString()));
        Assert.Equal((400, "badRequest"), (typo.Status, typo.Body.GetProperty("code").GetString()));
        Assert.Equal(account, (await _h.Acme().FindAccountAsync(oldKey, CancellationToken.None)).Location);

        var (status, body, _) = await _h.DeactivateAsync($$"""{"confirm":"{{account}}"}""");

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("deactivated").GetBoolean());
        Assert.Contains("next renewal run registers a new account", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var archived = body.GetProperty("archivedKey").GetString()!;
        Assert.StartsWith(KeyName + "-deactivated-", archived, StringComparison.Ordinal);
        Assert.Equal(oldPem, await keys.GetAsync(archived, CancellationToken.None));
        Assert.Null(await keys.GetAsync(KeyName, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<AcmeProblemException>(() => _h.Acme().FindAccountAsync(oldKey, CancellationToken.None));
        Assert.Equal(AcmeErrorTypes.Unauthorized, refused.ErrorType);
        var again = await _h.DeactivateAsync($$"""{"confirm":"{{account}}"}""");
        Assert.Equal((404, "noAccount"), (again.Status, again.Body.GetProperty("code").GetString()));

        var renewed = await _h.Host.RenewAsync("lb0", force: true, OperatorHarness.Deadline, CancellationToken.None);

        Assert.True(renewed.Succeeded, string.Join("; ", renewed.All));
        using var newKey = AcmeKey.FromPem((await keys.GetAsync(KeyName, CancellationToken.None))!);
        Assert.NotEqual(oldKey.Thumbprint(), newKey.Thumbprint());
        Assert.NotEqual(account, (await _h.Acme().FindAccountAsync(newKey, CancellationToken.None)).Location);
    }
}
