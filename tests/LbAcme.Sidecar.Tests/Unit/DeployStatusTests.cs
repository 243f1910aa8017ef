using System.Text.Json;
using LbAcme.Core.Status;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>status/{lb} is the contract between every sidecar and the function: codes as stable strings, old documents still read.</summary>
public sealed class DeployStatusTests
{
    [Theory]
    [InlineData(DeployOutcome.Deployed, "deployed")]
    [InlineData(DeployOutcome.Unchanged, "unchanged")]
    [InlineData(DeployOutcome.Skipped, "skipped")]
    [InlineData(DeployOutcome.Refused, "refused")]
    [InlineData(DeployOutcome.NotInStore, "not_in_store")]
    [InlineData(DeployOutcome.StoreFailed, "store_failed")]
    [InlineData(DeployOutcome.ApplyFailed, "apply_failed")]
    [InlineData(DeployOutcome.Bootstrapped, "bootstrapped")]
    public void Each_outcome_has_one_stable_string_for_json_and_metrics(DeployOutcome outcome, string label)
    {
        var json = JsonSerializer.Serialize(new DeployStatus("01", null, null, "words", outcome), StatusJson.Default.DeployStatus);

        Assert.Equal(label, outcome.Label());
        Assert.Contains($"\"outcome\":\"{label}\"", json, StringComparison.Ordinal);
        Assert.Equal(outcome, JsonSerializer.Deserialize(json, StatusJson.Default.DeployStatus)!.Outcome);
    }

    [Fact]
    public void Every_outcome_is_listed_once() =>
        Assert.Equal(Enum.GetValues<DeployOutcome>().Length, DeployOutcomes.All.Select(o => o.Label()).Distinct().Count());

    [Fact]
    public void A_document_from_a_sidecar_without_codes_still_reads()
    {
        const string old = """{"serial":"0A","notAfter":"2026-03-01T00:00:00+00:00","when":"2026-01-01T00:00:00+00:00","result":"deployed store version \"0x1\": hot-swapped"}""";

        var status = JsonSerializer.Deserialize(old, StatusJson.Default.DeployStatus)!;

        Assert.Equal("0A", status.Serial);
        Assert.Null(status.Outcome);
        Assert.False(status.SelfSigned);
        Assert.StartsWith("deployed store version", status.Result, StringComparison.Ordinal);
    }
}
