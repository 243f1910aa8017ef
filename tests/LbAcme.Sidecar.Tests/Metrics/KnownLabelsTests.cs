using LbAcme.Core.Status;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Peers;
using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>Every known label value has a series at 0 from start, so rate() and alerts see an LB that never counted it.</summary>
[Collection(MetricsGroup.Name)]
public sealed class KnownLabelsTests(MetricsFleet fleet)
{
    private static readonly string[] Listeners = ["public", "peer"];
    private static readonly string[] AdmissionListeners = ["public", "peer", "metrics"];
    private static readonly string[] Peers = ["lb0", "lb1", "lb3", "lb4"];

    [Fact]
    public async Task Every_known_label_has_a_zero_series_at_start()
    {
        await using var sidecar = await fleet.StartAsync("lb2");
        // After the first certificate round, before any request, fan-out or refusal.
        var text = await fleet.ScrapeUntilAsync(sidecar, t => MetricsFleet.Value(t, "lbacme_sidecar_certificate_last_outcome") == 1, "the first certificate round");

        var missing = new List<string>();
        void Expect(string name, params (string Key, string Value)[] labels)
        {
            if (MetricsFleet.Count(text, name, labels) != 1)
            {
                missing.Add($"{name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}");
            }
        }
        foreach (var listener in Listeners)
        {
            foreach (var outcome in RequestOutcomeLabels.All)
            {
                Expect("lbacme_sidecar_requests_total", ("listener", listener), ("outcome", outcome.Label()));
            }
            Expect("lbacme_sidecar_local_hits_total", ("listener", listener), ("source", "memory"));
            Expect("lbacme_sidecar_local_hits_total", ("listener", listener), ("source", "webroot"));
            Expect("lbacme_sidecar_misses_total", ("listener", listener));
            Expect("lbacme_sidecar_rejected_tokens_total", ("listener", listener));
        }
        foreach (var listener in AdmissionListeners)
        {
            foreach (var refusal in ConnectionRefusalLabels.All)
            {
                Expect("lbacme_sidecar_connections_refused_total", ("listener", listener), ("reason", refusal.Label()));
            }
        }
        foreach (var peer in Peers)
        {
            Expect("lbacme_sidecar_peer_hits_total", ("peer", peer));
            foreach (var result in Enum.GetValues<PeerResult>())
            {
                Expect("lbacme_sidecar_peer_requests_total", ("peer", peer), ("result", result.Label()));
            }
        }
        foreach (var reason in Enum.GetValues<FanOutRefusal>())
        {
            Expect("lbacme_sidecar_fanouts_refused_total", ("reason", reason.Label()));
        }
        foreach (var operation in StoreOperationLabels.All)
        {
            Expect("lbacme_sidecar_store_requests_total", ("operation", operation.Label()));
        }
        foreach (var outcome in DeployOutcomes.All)
        {
            Expect("lbacme_sidecar_certificate_syncs_total", ("outcome", outcome.Label()));
            Expect("lbacme_sidecar_certificate_last_outcome", ("outcome", outcome.Label()));
        }
        foreach (var reason in DeployRefusals.All)
        {
            Expect("lbacme_sidecar_certificate_refusals_total", ("reason", reason));
        }
        foreach (var method in DeployMethods.All)
        {
            Expect("lbacme_sidecar_certificate_applies_total", ("method", method));
        }
        Assert.True(missing.Count == 0, $"no series for:\n{string.Join("\n", missing)}\n--- scrape ---\n{text}");

        // Nothing was requested: the request counters are there and 0.
        Assert.Equal(0, MetricsFleet.Value(text, "lbacme_sidecar_requests_total"));
        Assert.Equal(0, MetricsFleet.Value(text, "lbacme_sidecar_peer_requests_total"));
    }

    [Fact]
    public void Every_refusal_reason_and_method_constant_is_listed()
    {
        static string[] Constants(Type type) =>
            [.. type.GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).Order()];

        Assert.Equal(Constants(typeof(DeployRefusals)), DeployRefusals.All.Order());
        Assert.Equal(Constants(typeof(DeployMethods)), DeployMethods.All.Order());
    }
}
