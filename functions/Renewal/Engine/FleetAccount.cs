using System.Collections.Concurrent;
using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Resources;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Core.Origin;

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
/// </summary>
public sealed class FleetAccount
{
    private readonly IAccountKeyStore _keys;
    private readonly ConcurrentDictionary<string, Lazy<Task<AcmeAccount>>> _resolved = new(StringComparer.Ordinal);

    public FleetAccount(IAccountKeyStore keys) => _keys = keys;

    public async Task<AcmeAccount> GetAsync(AcmeClient acme, FleetOptions fleet, string keyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acme);
        ArgumentNullException.ThrowIfNull(fleet);
        var identity = string.Join('\n', [keyName, AcmeDirectoryTag.Canonical(acme.DirectoryUrl), fleet.Eab?.KeyId ?? string.Empty, .. fleet.Contact]);
        var lookup = _resolved.GetOrAdd(identity, _ => new Lazy<Task<AcmeAccount>>(() => ResolveAsync(acme, fleet, keyName, cancellationToken)));
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

    private async Task<AcmeAccount> ResolveAsync(AcmeClient acme, FleetOptions fleet, string keyName, CancellationToken cancellationToken)
    {
        var pem = await _keys.GetAsync(keyName, cancellationToken);
        if (pem is null)
        {
            using var fresh = AcmeKey.Create(KeyType.EcP256);
            pem = await _keys.GetOrAddAsync(keyName, fresh.ExportPkcs8Pem(), cancellationToken);
        }
        var key = AcmeKey.FromPem(pem);
        var request = new NewAccountRequest
        {
            Contact = fleet.Contact,
            ExternalAccountBinding = fleet.Eab is { } eab ? new ExternalAccountBinding(eab.KeyId, eab.HmacKey) : null,
        };
        return await acme.CreateAccountAsync(key, request, cancellationToken);
    }
}
