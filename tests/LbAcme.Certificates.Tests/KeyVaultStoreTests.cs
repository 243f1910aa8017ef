using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Security.KeyVault.Secrets;
using LbAcme.Acme.Jose;
using LbAcme.Certificates.KeyVault;
using LbAcme.Core.Keys;
using LbAcme.Testing;

namespace LbAcme.Certificates.Tests;

/// <summary>The Key Vault store through the real Azure SDK clients, against the HTTPS Key Vault double.</summary>
public sealed class KeyVaultStoreTests : IAsyncLifetime
{
    private KeyVaultDouble _vault = null!;
    private KeyVaultCertificateStore _store = null!;

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultDouble.StartAsync();
        _store = new KeyVaultCertificateStore(_vault.CertificateClient(), _vault.SecretClient());
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task An_imported_certificate_reads_back_as_info_and_as_a_PEM_bundle_with_its_key()
    {
        using var bundle = TestBundles.Issue(["svc.example.com", "lb0.svc.example.com"]);
        var tags = CertificateTags.Create("lb0", bundle.Leaf, new Uri("https://ca.test/directory"), null, new Uri("https://ca.test/cert/9"), "AAAA.BBBB");

        var imported = await _store.ImportAsync("svc-lb0", bundle, tags, CancellationToken.None);
        var info = await _store.GetInfoAsync("svc-lb0", CancellationToken.None);
        var stored = await _store.GetAsync("svc-lb0", CancellationToken.None);

        Assert.NotNull(info);
        Assert.NotNull(stored);
        Assert.Equal(imported.Version, info.Version);
        Assert.Equal(bundle.Leaf.SerialNumber, info.Leaf.SerialNumber);
        Assert.Equal("https://ca.test/cert/9", info.Tags[CertificateTags.CertificateUrl]);
        // The sidecar reads the secret, the engine the certificate: both carry the directory the certificate came from.
        Assert.Equal("https://ca.test/directory", info.Tags[CertificateTags.Directory]);
        Assert.Equal("https://ca.test/directory", stored.Tags[CertificateTags.Directory]);
        using var back = CertificateBundle.Parse(stored.Pem);
        Assert.Equal(bundle.Key.Thumbprint(), back.Key.Thumbprint());
        Assert.Equal(info.Version, stored.Version);
        // The SDK met the bearer challenge first, then sent the token: the double only counts authorized calls.
        Assert.Contains("POST /certificates/svc-lb0/import", _vault.AuthorizedRequests);
    }

    [Fact]
    public async Task A_certificate_without_a_Common_Name_imports_described_by_its_SANs()
    {
        using var bundle = TestBundles.Issue(["svc.example.com", "lb0.svc.example.com"], commonName: false);
        Assert.Empty(bundle.Leaf.SubjectName.Name);

        var imported = await _store.ImportAsync("svc-nocn", bundle, new Dictionary<string, string>(), CancellationToken.None);
        var stored = await _store.GetAsync("svc-nocn", CancellationToken.None);
        var withPolicy = (await _vault.CertificateClient().GetCertificateAsync("svc-nocn")).Value;

        Assert.Equal(bundle.Leaf.SerialNumber, imported.Leaf.SerialNumber);
        using var back = CertificateBundle.Parse(stored!.Pem);
        Assert.Equal(bundle.Leaf.RawData, back.Leaf.RawData);
        Assert.Equal(bundle.Key.Thumbprint(), back.Key.Thumbprint());
        // What the store sent as the policy, as the vault recorded it: no subject, the names as DNS SANs.
        Assert.True(string.IsNullOrEmpty(withPolicy.Policy.Subject));
        Assert.Equal(["lb0.svc.example.com", "svc.example.com"], withPolicy.Policy.SubjectAlternativeNames.DnsNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_import_is_a_new_version_and_becomes_current()
    {
        using var first = TestBundles.Issue(["svc.example.com"]);
        using var second = TestBundles.Issue(["svc.example.com"], KeyType.Rsa2048);

        var v1 = await _store.ImportAsync("svc-lb1", first, new Dictionary<string, string>(), CancellationToken.None);
        var v2 = await _store.ImportAsync("svc-lb1", second, new Dictionary<string, string>(), CancellationToken.None);
        var current = await _store.GetInfoAsync("svc-lb1", CancellationToken.None);

        Assert.NotEqual(v1.Version, v2.Version);
        Assert.Equal(second.Leaf.SerialNumber, current!.Leaf.SerialNumber);
    }

    [Fact]
    public async Task A_missing_certificate_is_null_not_an_error()
    {
        Assert.Null(await _store.GetInfoAsync("svc-nowhere", CancellationToken.None));
        Assert.Null(await _store.GetAsync("svc-nowhere", CancellationToken.None));
    }

    [Fact]
    public async Task A_certificate_an_operator_imported_as_PKCS12_reads_back_as_PEM()
    {
        using var bundle = TestBundles.Issue(["svc.example.com"]);
        using var withKey = bundle.Key.AttachTo(X509CertificateLoader.LoadCertificate(bundle.Leaf.RawData));
        var pfx = Convert.ToBase64String(withKey.Export(X509ContentType.Pkcs12));
        await _vault.SecretClient().SetSecretAsync(new KeyVaultSecret("svc-pfx", pfx) { Properties = { ContentType = SecretValue.Pkcs12ContentType } });

        var stored = await _store.GetAsync("svc-pfx", CancellationToken.None);

        using var back = CertificateBundle.Parse(stored!.Pem);
        Assert.Equal(bundle.Leaf.RawData, back.Leaf.RawData);
    }

    [Fact]
    public async Task A_vault_outage_is_an_exception_the_caller_can_catch_not_a_null()
    {
        _vault.Unavailable = true;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _store.GetAsync("svc-lb0", CancellationToken.None));

        Assert.Equal(503, error.Status);
    }

    [Fact]
    public async Task The_account_key_is_stored_once_and_a_second_writer_gets_the_first_key()
    {
        var keys = new KeyVaultAccountKeyStore(_vault.SecretClient());
        using var first = AcmeKey.Create(KeyType.EcP256);
        using var second = AcmeKey.Create(KeyType.EcP256);

        var stored = await keys.GetOrAddAsync("lbacme-account", first.ExportPkcs8Pem(), CancellationToken.None);
        var again = await keys.GetOrAddAsync("lbacme-account", second.ExportPkcs8Pem(), CancellationToken.None);

        Assert.Equal(first.ExportPkcs8Pem(), stored);
        Assert.Equal(first.ExportPkcs8Pem(), again);
    }

    [Fact]
    public async Task A_bad_name_is_refused_before_any_request()
    {
        var before = _vault.AuthorizedRequests.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync("../secrets/x", CancellationToken.None));

        Assert.Equal(before, _vault.AuthorizedRequests.Count);
    }
}
