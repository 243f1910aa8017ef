using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Resources;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// The fleet's one stable ACME account: its key lives in the certificate store (created once, if absent),
/// and newAccount with that key returns the existing account — so every run, on any instance, is the
/// same account, as Let's Encrypt's ARI rate-limit exemption requires.
/// </summary>
public sealed class FleetAccount
{
    private readonly IAccountKeyStore _keys;

    public FleetAccount(IAccountKeyStore keys) => _keys = keys;

    public async Task<AcmeAccount> GetAsync(AcmeClient acme, FleetOptions fleet, string keyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acme);
        ArgumentNullException.ThrowIfNull(fleet);
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
