using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>Revocation both ways RFC 8555 §7.6 allows, checked against Pebble's own certificate status.</summary>
[Collection(PebbleGroup.Name)]
public sealed class RevocationTests(SharedPebble shared)
{
    [Fact]
    public async Task Revoking_with_the_account_key_marks_the_certificate_revoked()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        var issued = await PebbleHarness.IssueAsync(client, account, shared.Pebble, KeyType.EcP256, "revoke1.lbacme.example");
        using var chain = issued.Chain;
        Assert.Equal("Valid", await shared.Pebble.GetCertificateStatusAsync(chain.Leaf.SerialNumber));

        await client.RevokeCertificateAsync(account, chain.Leaf, RevocationReason.Superseded, CancellationToken.None);

        Assert.Equal("Revoked", await shared.Pebble.GetCertificateStatusAsync(chain.Leaf.SerialNumber));
        var again = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.RevokeCertificateAsync(account, chain.Leaf, RevocationReason.Superseded, CancellationToken.None));
        Assert.Equal(AcmeErrorTypes.AlreadyRevoked, again.ErrorType);
    }

    [Fact]
    public async Task Revoking_with_the_certificate_key_needs_no_account()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        var issued = await PebbleHarness.IssueAsync(client, account, shared.Pebble, KeyType.EcP256, "revoke2.lbacme.example");
        using var chain = issued.Chain;

        await client.RevokeCertificateWithKeyAsync(issued.Key, chain.Leaf, RevocationReason.KeyCompromise, CancellationToken.None);

        Assert.Equal("Revoked", await shared.Pebble.GetCertificateStatusAsync(chain.Leaf.SerialNumber));
    }

    [Fact]
    public async Task Another_accounts_key_may_not_revoke()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var owner = await PebbleHarness.NewAccountAsync(client);
        var stranger = await PebbleHarness.NewAccountAsync(client);
        var issued = await PebbleHarness.IssueAsync(client, owner, shared.Pebble, KeyType.EcP256, "revoke3.lbacme.example");
        using var chain = issued.Chain;

        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.RevokeCertificateAsync(stranger, chain.Leaf, RevocationReason.Unspecified, CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.Unauthorized, error.ErrorType);
        Assert.Equal("Valid", await shared.Pebble.GetCertificateStatusAsync(chain.Leaf.SerialNumber));
    }
}
