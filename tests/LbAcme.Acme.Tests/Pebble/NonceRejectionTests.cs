using LbAcme.Core.Keys;
using LbAcme.LocalEnvironment;

namespace LbAcme.Acme.Tests.Pebble;

/// <summary>With Pebble rejecting half of all valid nonces, the badNonce retry still gets orders through.</summary>
public sealed class NonceRejectionTests : IAsyncLifetime
{
    private PebbleFixture _pebble = null!;

    public async Task InitializeAsync() => _pebble = await PebbleFixture.StartAsync(new PebbleOptions { NonceRejectPercent = 50 });

    public async Task DisposeAsync() => await _pebble.DisposeAsync();

    [Fact]
    public async Task Orders_succeed_when_half_the_nonces_are_rejected()
    {
        var log = new CapturingLogger<AcmeClient>();
        var client = PebbleHarness.NewClient(_pebble, logger: log);
        var account = await PebbleHarness.NewAccountAsync(client);

        for (var i = 0; i < 3; i++)
        {
            var issued = await PebbleHarness.IssueAsync(client, account, _pebble, KeyType.EcP256, $"nonce{i}.lbacme.example", $"www.nonce{i}.lbacme.example");
            using (issued.Chain)
            {
                Assert.Equal(2, OrderTests.DnsNames(issued.Chain.Leaf).Count);
            }
        }
        // Event 1002 is the transport's "rejected the nonce; retrying" log: the retries really happened.
        Assert.True(log.Count(1002) > 0, "Pebble rejected no nonce; the test did not exercise the retry.");
    }
}
