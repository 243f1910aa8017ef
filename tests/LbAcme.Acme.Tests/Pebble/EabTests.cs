using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;
using LbAcme.LocalEnvironment;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>External Account Binding (RFC 8555 §7.3.4) against a Pebble that requires it.</summary>
public sealed class EabTests : IAsyncLifetime
{
    private const string KeyId = "kid-1";

    // 48 random bytes, base64url, as a CA hands them out.
    private const string HmacKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    private PebbleFixture _pebble = null!;

    public async Task InitializeAsync() =>
        _pebble = await PebbleFixture.StartAsync(new PebbleOptions { EabKeys = new Dictionary<string, string> { [KeyId] = HmacKey } });

    public async Task DisposeAsync() => await _pebble.DisposeAsync();

    [Fact]
    public async Task The_directory_says_EAB_is_required_and_the_client_refuses_to_try_without_it()
    {
        var client = PebbleHarness.NewClient(_pebble);

        var directory = await client.GetDirectoryAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), new NewAccountRequest(), CancellationToken.None));

        Assert.True(directory.Meta?.ExternalAccountRequired);
        Assert.Contains("External Account Binding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_bound_with_the_right_HMAC_key_is_created_and_can_order()
    {
        var client = PebbleHarness.NewClient(_pebble);
        var request = new NewAccountRequest { ExternalAccountBinding = new ExternalAccountBinding(KeyId, HmacKey) };

        var account = await client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), request, CancellationToken.None);
        var issued = await PebbleHarness.IssueAsync(client, account, _pebble, KeyType.EcP256, "eab.lbacme.example");

        using (issued.Chain)
        {
            Assert.Equal(AcmeStatus.Valid, account.Resource.Status);
            Assert.Equal(["eab.lbacme.example"], OrderTests.DnsNames(issued.Chain.Leaf));
        }
    }

    [Fact]
    public async Task A_wrong_HMAC_key_is_rejected_by_the_CA_with_its_problem_document()
    {
        var client = PebbleHarness.NewClient(_pebble);
        var wrong = Base64Url.Encode(new byte[48]);
        var request = new NewAccountRequest { ExternalAccountBinding = new ExternalAccountBinding(KeyId, wrong) };

        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.CreateAccountAsync(AcmeKey.Create(KeyType.EcP256), request, CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.Unauthorized, error.ErrorType);
    }
}
