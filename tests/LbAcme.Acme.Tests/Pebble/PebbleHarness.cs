using LbAcme.Acme.Certificates;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;
using LbAcme.LocalEnvironment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>A client wired to one Pebble, and the whole HTTP-01 order flow the tests repeat.</summary>
internal static class PebbleHarness
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly IReadOnlySet<string> ReadyOnly = new HashSet<string> { AcmeStatus.Ready };

    public static AcmeClient NewClient(PebbleFixture pebble, TimeProvider? time = null, ILogger<AcmeClient>? logger = null) =>
        new(new HttpClient(pebble.CreateHandler()), Options.Create(new AcmeClientOptions
        {
            DirectoryUrl = pebble.DirectoryUrl,
            UserAgent = "lb-acme-tests/1.0",
            PollInitialDelay = TimeSpan.FromMilliseconds(100),
            PollMaxDelay = TimeSpan.FromSeconds(1),
        }), time, logger);

    public static Task<AcmeAccount> NewAccountAsync(AcmeClient client, KeyType keyType = KeyType.EcP256) =>
        client.CreateAccountAsync(AcmeKey.Create(keyType), new NewAccountRequest { Contact = ["mailto:ops@example.com"] }, CancellationToken.None);

    /// <summary>Places an order, serves every HTTP-01 key authorization through challtestsrv, and waits for "ready".</summary>
    public static async Task<AcmeOrder> OrderAndValidateAsync(AcmeClient client, AcmeAccount account, PebbleFixture pebble, params string[] names)
    {
        var order = await client.NewOrderAsync(account, new NewOrderRequest(names), CancellationToken.None);
        foreach (var authorizationUrl in order.Resource.Authorizations)
        {
            var authorization = await client.GetAuthorizationAsync(account, authorizationUrl, CancellationToken.None);
            var challenge = authorization.Http01 ?? throw new InvalidOperationException("Pebble offered no http-01 challenge.");
            await pebble.AddHttp01Async(challenge.Token!, AcmeClient.KeyAuthorization(account.Key, challenge.Token!));
            await client.RespondToChallengeAsync(account, challenge.Url!, CancellationToken.None);
            await client.WaitForAuthorizationAsync(account, authorizationUrl, Deadline, CancellationToken.None);
        }
        return await client.WaitForOrderAsync(account, order, ReadyOnly, Deadline, CancellationToken.None);
    }

    public static async Task<IssuedCertificate> IssueAsync(AcmeClient client, AcmeAccount account, PebbleFixture pebble, KeyType keyType, params string[] names)
    {
        var ready = await OrderAndValidateAsync(client, account, pebble, names);
        return await client.FinalizeAndDownloadAsync(account, ready, keyType, Deadline, CancellationToken.None);
    }
}
