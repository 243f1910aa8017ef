using System.Collections.Concurrent;
using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Resources;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Core.Origin;
using LbAcme.Renewal.Account;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// The fleet's one stable ACME account: its key lives in the certificate store (created once, if absent),
/// and newAccount with that key returns the existing account — so every run, on any instance, is the
/// same account, as Let's Encrypt's ARI rate-limit exemption requires. One instance works on many queue
/// messages, one LB each: the account is looked up once per process (per key, CA and contact), not per LB.
/// A failed lookup is not kept, so the next invocation asks again. No account URL is stored: newAccount at the
/// client's own directory returns it, so a fleet moved to another directory gets that CA's account for the same
/// key (created there on first use) and never signs with the old CA's account URL. The process cache is keyed by
/// the directory the client talks to, not the configuration's, so the two cannot disagree.
/// The stored key is read on every call (one small read) and is part of the cache key: a key the operator rolled or an
/// account the operator deactivated (functions/Renewal/Account, which also finishes an interrupted rollover here) is
/// followed by every instance at its next LB, not at its next restart.
/// </summary>
public sealed class FleetAccount
{
    private readonly IAccountKeyStore _keys;
    private readonly AccountKeyRing _ring;
    private readonly ConcurrentDictionary<string, Lazy<Task<AcmeAccount>>> _resolved = new(StringComparer.Ordinal);

    /// <summary>With <c>locks</c> (the lock an operator's key rollover holds), an interrupted rollover is finished here; without, it is left alone.</summary>
    public FleetAccount(IAccountKeyStore keys, ILbLock? locks = null, ILogger<FleetAccount>? logger = null)
    {
        _keys = keys;
        _ring = new AccountKeyRing(keys, locks, logger);
    }

    /// <summary>Drops every cached account: the operator changed the key or deactivated the account in this process.</summary>
    public void Forget() => _resolved.Clear();

    public async Task<AcmeAccount> GetAsync(AcmeClient acme, FleetOptions fleet, string keyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acme);
        ArgumentNullException.ThrowIfNull(fleet);
        var pem = await _ring.CurrentAsync(acme, keyName, cancellationToken) ?? await CreateKeyAsync(keyName, cancellationToken);
        var identity = string.Join('\n', [keyName, KeyId(pem), AcmeDirectoryTag.Canonical(acme.DirectoryUrl), fleet.Eab?.KeyId ?? string.Empty, .. fleet.Contact]);
        var lookup = _resolved.GetOrAdd(identity, _ => new Lazy<Task<AcmeAccount>>(() => ResolveAsync(acme, fleet, pem, cancellationToken)));
        try
        {
            return await lookup.Value;
        }
        catch
        {
            _resolved.TryRemove(new KeyValuePair<string, Lazy<Task<AcmeAccount>>>(identity, lookup));
            throw;
        }
    }

    private async Task<string> CreateKeyAsync(string keyName, CancellationToken cancellationToken)
    {
        using var fresh = AcmeKey.Create(KeyType.EcP256);
        return await _keys.GetOrAddAsync(keyName, fresh.ExportPkcs8Pem(), cancellationToken);
    }

    private static string KeyId(string pem) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(pem)));

    private static async Task<AcmeAccount> ResolveAsync(AcmeClient acme, FleetOptions fleet, string pem, CancellationToken cancellationToken)
    {
        var key = AcmeKey.FromPem(pem);
        var request = new NewAccountRequest
        {
            Contact = fleet.Contact,
            ExternalAccountBinding = fleet.Eab is { } eab ? new ExternalAccountBinding(eab.KeyId, eab.HmacKey) : null,
        };
        return await acme.CreateAccountAsync(key, request, cancellationToken);
    }
}
