using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LbAcme.Renewal.Account;

/// <summary>
/// Reads the fleet's account key, first finishing a key rollover that a dead process left half done. A rollover stores
/// the new key as pending before it tells the CA (<see cref="AccountKeyRollover"/>), so after a crash the pending key
/// is either known to the CA (the key change went through: it becomes the account key) or not (it never did: it is
/// dropped). The CA decides, by newAccount with onlyReturnExisting; nothing is guessed from timing. Recovery runs only
/// under the rollover's lock: while a rollover is running its pending key is not yet known to the CA, and must stay.
/// </summary>
public sealed class AccountKeyRing
{
    private readonly IAccountKeyStore _keys;
    private readonly ILbLock? _locks;
    private readonly ILogger _logger;

    public AccountKeyRing(IAccountKeyStore keys, ILbLock? locks, ILogger? logger)
    {
        _keys = keys;
        _locks = locks;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The account key as stored after any interrupted rollover is settled; null when there is none.</summary>
    public async Task<string?> CurrentAsync(AcmeClient acme, string keyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acme);
        // Without a lock there is no telling a dead rollover from a running one: leave the pending key alone.
        if (_locks is not null && await _keys.GetAsync(AccountKeyNames.Pending(keyName), cancellationToken) is not null)
        {
            await using var held = await _locks.TryAcquireAsync(AccountKeyNames.Lock(keyName), cancellationToken);
            if (held is null)
            {
                AccountLog.RolloverRunning(_logger);
            }
            else if (await _keys.GetAsync(AccountKeyNames.Pending(keyName), cancellationToken) is { } pending)
            {
                await SettleAsync(acme, keyName, pending, cancellationToken);
            }
        }
        return await _keys.GetAsync(keyName, cancellationToken);
    }

    /// <summary>
    /// Settles a pending key left by a rollover; the caller holds the lock. True when the CA knows it (it is now the
    /// account key), false when the CA does not (it is dropped and the account keeps its key).
    /// </summary>
    internal async Task<bool> SettleAsync(AcmeClient acme, string keyName, string pending, CancellationToken cancellationToken)
    {
        using var key = AcmeKey.FromPem(pending);
        try
        {
            var account = await acme.FindAccountAsync(key, cancellationToken);
            await _keys.SetAsync(keyName, pending, cancellationToken);
            await _keys.SetAsync(AccountKeyNames.Pending(keyName), null, cancellationToken);
            AccountLog.RolloverRecovered(_logger, account.Location, key.Thumbprint());
            return true;
        }
        catch (AcmeProblemException e) when (e.ErrorType == AcmeErrorTypes.AccountDoesNotExist)
        {
            await _keys.SetAsync(AccountKeyNames.Pending(keyName), null, cancellationToken);
            AccountLog.RolloverAbandoned(_logger, key.Thumbprint());
            return false;
        }
    }
}
