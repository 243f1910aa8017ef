using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>Full HTTP-01 orders against a real Pebble that really validates every challenge.</summary>
[Collection(PebbleGroup.Name)]
public sealed class OrderTests(SharedPebble shared)
{
    [Fact]
    public async Task One_name_is_validated_over_http01_and_issued_with_a_fresh_key_and_full_chain()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);

        var issued = await PebbleHarness.IssueAsync(client, account, shared.Pebble, KeyType.EcP256, "one.lbacme.example");

        using (issued.Chain)
        {
            var leaf = issued.Chain.Leaf;
            Assert.Equal(["one.lbacme.example"], DnsNames(leaf));
            Assert.True(issued.Chain.Certificates.Count >= 2, "Pebble sends the leaf and its intermediate.");
            Assert.Equal(issued.Key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
            Assert.NotEqual(account.Key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
            Assert.Contains("BEGIN CERTIFICATE", issued.Chain.Pem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Several_names_are_all_validated_and_all_land_in_the_certificate()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        string[] names = ["svc.lbacme.example", "lb0.svc.lbacme.example", "www.lbacme.example"];

        var issued = await PebbleHarness.IssueAsync(client, account, shared.Pebble, KeyType.EcP256, names);

        using (issued.Chain)
        {
            Assert.Equal(names.Order(), DnsNames(issued.Chain.Leaf).Order());
        }
    }

    [Theory]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    [InlineData(KeyType.Rsa3072)]
    public async Task Certificate_keys_of_every_supported_type_are_issued(KeyType keyType)
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client, KeyType.Rsa2048);

        var issued = await PebbleHarness.IssueAsync(client, account, shared.Pebble, keyType, "keys.lbacme.example");

        using (issued.Chain)
        {
            Assert.Equal(keyType, issued.Key.KeyType);
            Assert.Equal(issued.Key.ExportSubjectPublicKeyInfo(), issued.Chain.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
        }
    }

    [Fact]
    public async Task Alternate_chains_are_listed_and_downloadable()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        var issued = await PebbleHarness.IssueAsync(client, account, shared.Pebble, KeyType.EcP256, "alt.lbacme.example");

        var alternateUrl = Assert.Single(issued.AlternateChainUrls);
        var alternate = await client.DownloadCertificateAsync(account, alternateUrl, CancellationToken.None);

        using (issued.Chain)
        using (alternate.Chain)
        {
            Assert.Equal(issued.Chain.Leaf.RawData, alternate.Chain.Leaf.RawData);
            Assert.NotEqual(issued.Chain.Certificates[^1].Issuer, alternate.Chain.Certificates[^1].Issuer);
        }
    }

    [Fact]
    public async Task A_challenge_nobody_serves_fails_with_the_CAs_problem_document()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        var order = await client.NewOrderAsync(account, new NewOrderRequest(["unserved.lbacme.example"]), CancellationToken.None);
        var authorizationUrl = Assert.Single(order.Resource.Authorizations);
        var authorization = await client.GetAuthorizationAsync(account, authorizationUrl, CancellationToken.None);

        // Nothing is deposited with the HTTP-01 responder, so Pebble's VA reads an empty answer.
        await client.RespondToChallengeAsync(account, authorization.Http01!.Url!, CancellationToken.None);
        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.WaitForAuthorizationAsync(account, authorizationUrl, PebbleHarness.Deadline, CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.Unauthorized, error.ErrorType);
        Assert.Contains("did not match", error.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains(AcmeClient.KeyAuthorization(account.Key, authorization.Http01.Token!), error.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal("unserved.lbacme.example", error.Problem.Identifier?.Value);
        Assert.Contains(error.Problem.Detail!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finalizing_an_order_that_is_not_ready_surfaces_orderNotReady()
    {
        var client = PebbleHarness.NewClient(shared.Pebble);
        var account = await PebbleHarness.NewAccountAsync(client);
        var order = await client.NewOrderAsync(account, new NewOrderRequest(["early.lbacme.example"]), CancellationToken.None);
        using var key = AcmeKey.Create(KeyType.EcP256);

        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => client.FinalizeAsync(account, order, key.CreateCsr(["early.lbacme.example"]), CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.OrderNotReady, error.ErrorType);
        Assert.Equal(403, error.HttpStatus);
    }

    internal static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
}
