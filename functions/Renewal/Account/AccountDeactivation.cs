using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Account;

/// <summary>
/// Deactivates the fleet's ACME account (RFC 8555 §7.3.6), which cannot be undone, only when the caller names its URL.
/// The key is first copied to <see cref="AccountKeyNames.Deactivated"/> (kept for the record: it can still prove which
/// certificates the account ordered), then the CA is told, then the account key is cleared so the next renewal creates
/// a new key and registers a new account. Holds the account key lock, so no rollover runs meanwhile.
/// </summary>
public sealed class AccountDeactivation
{
    private readonly IAccountKeyStore _keys;
    private readonly ILbLock _locks;
    private readonly FleetAccount _account;
    private readonly AcmeClient _acme;
    private readonly RenewalEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AccountDeactivation(IAccountKeyStore keys, ILbLock locks, FleetAccount account, AcmeClient acme, RenewalEngineOptions options, TimeProvider time, ILogger<AccountDeactivation> logger)
    {
        _keys = keys;
        _locks = locks;
        _account = account;
        _acme = acme;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The account this fleet acts as now, without creating one (null: none), so a caller can show what it would deactivate.</summary>
    public async Task<Uri?> FindAsync(CancellationToken cancellationToken)
    {
        if (await _keys.GetAsync(_options.AccountKeyName, cancellationToken) is not { } pem)
        {
            return null;
        }
        using var key = AcmeKey.FromPem(pem);
        try
        {
            return (await _acme.FindAccountAsync(key, cancellationToken)).Location;
        }
        catch (AcmeProblemException e) when (e.ErrorType == AcmeErrorTypes.AccountDoesNotExist)
        {
            return null;
        }
    }

    public async Task<DeactivationResult> DeactivateAsync(Uri confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirm);
        var keyName = _options.AccountKeyName;
        await using var held = await _locks.TryAcquireAsync(AccountKeyNames.Lock(keyName), cancellationToken);
        if (held is null)
        {
            return new DeactivationResult(DeactivationOutcome.Busy);
        }
        if (await _keys.GetAsync(AccountKeyNames.Pending(keyName), cancellationToken) is { } stale)
        {
            // A rollover died half way: settle which key the CA knows before naming the account.
            await new AccountKeyRing(_keys, null, _logger).SettleAsync(_acme, keyName, stale, cancellationToken);
        }
        if (await _keys.GetAsync(keyName, cancellationToken) is not { } pem)
        {
            return new DeactivationResult(DeactivationOutcome.NoAccount);
        }
        using var key = AcmeKey.FromPem(pem);
        Acme.Resources.AcmeAccount account;
        try
        {
            account = await _acme.FindAccountAsync(key, cancellationToken);
        }
        catch (AcmeProblemException e) when (e.ErrorType == AcmeErrorTypes.AccountDoesNotExist)
        {
            return new DeactivationResult(DeactivationOutcome.NoAccount);
        }
        if (account.Location != confirm)
        {
            return new DeactivationResult(DeactivationOutcome.NotConfirmed, account.Location);
        }
        var archived = AccountKeyNames.Deactivated(keyName, _time.GetUtcNow());
        await _keys.SetAsync(archived, pem, cancellationToken);
        await _acme.DeactivateAccountAsync(account, cancellationToken);
        // The CA has said yes: the store must follow even if the caller gave up waiting.
        await _keys.SetAsync(keyName, null, CancellationToken.None);
        _account.Forget();
        AccountLog.Deactivated(_logger, account.Location, archived);
        return new DeactivationResult(DeactivationOutcome.Deactivated, account.Location, archived);
    }
}
