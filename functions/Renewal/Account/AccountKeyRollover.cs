using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Account;

/// <summary>
/// Rolls the fleet account's key (RFC 8555 §7.3.5) so that a process dying at any step leaves an account someone can
/// still act for: (1) a new key of the same type is stored as pending, (2) the CA is told, (3) the new key becomes the
/// account key and the pending one is cleared. Dying after (1) or (2) leaves a pending key that the next account lookup
/// settles by asking the CA which key it knows (<see cref="AccountKeyRing"/>). One rollover at a time, across instances:
/// a lease on <see cref="AccountKeyNames.Lock"/>.
/// </summary>
public sealed class AccountKeyRollover
{
    private readonly IAccountKeyStore _keys;
    private readonly ILbLock _locks;
    private readonly FleetAccount _account;
    private readonly AcmeClient _acme;
    private readonly RenewalEngineOptions _options;
    private readonly ILogger _logger;

    public AccountKeyRollover(IAccountKeyStore keys, ILbLock locks, FleetAccount account, AcmeClient acme, RenewalEngineOptions options, ILogger<AccountKeyRollover> logger)
    {
        _keys = keys;
        _locks = locks;
        _account = account;
        _acme = acme;
        _options = options;
        _logger = logger;
    }

    public async Task<KeyRolloverResult> RollAsync(FleetOptions fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var keyName = _options.AccountKeyName;
        await using var held = await _locks.TryAcquireAsync(AccountKeyNames.Lock(keyName), cancellationToken);
        if (held is null)
        {
            return new KeyRolloverResult(KeyRolloverOutcome.Busy);
        }
        // A rollover that died earlier is finished first, so the account below signs with the key the CA knows.
        var finished = false;
        if (await _keys.GetAsync(AccountKeyNames.Pending(keyName), cancellationToken) is { } stale)
        {
            await new AccountKeyRing(_keys, null, _logger).SettleAsync(_acme, keyName, stale, cancellationToken);
            finished = true;
        }
        _account.Forget();
        var account = await _account.GetAsync(_acme, fleet, keyName, cancellationToken);
        using var newKey = AcmeKey.Create(account.Key.KeyType);
        var pem = newKey.ExportPkcs8Pem();
        var oldThumbprint = account.Key.Thumbprint();
        var newThumbprint = newKey.Thumbprint();
        await _keys.SetAsync(AccountKeyNames.Pending(keyName), pem, cancellationToken);
        AccountLog.RolloverStarted(_logger, account.Location, account.Key.KeyType.ToString(), newThumbprint, oldThumbprint);
        await _acme.ChangeKeyAsync(account, newKey, cancellationToken);
        // From here the CA knows only the new key: the store must follow even if the caller gave up waiting.
        await _keys.SetAsync(keyName, pem, CancellationToken.None);
        await _keys.SetAsync(AccountKeyNames.Pending(keyName), null, CancellationToken.None);
        _account.Forget();
        AccountLog.RolloverDone(_logger, account.Location, newThumbprint);
        return new KeyRolloverResult(KeyRolloverOutcome.Rolled, account.Location, account.Key.KeyType.ToString(), oldThumbprint, newThumbprint, finished);
    }
}
