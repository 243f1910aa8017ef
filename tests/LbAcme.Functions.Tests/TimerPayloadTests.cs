using System.Text.Json;
using LbAcme.Functions.HostContract;

namespace LbAcme.Functions.Tests;

/// <summary>The timer binding as the host really sends it, including the shapes that broke other handlers.</summary>
public sealed class TimerPayloadTests
{
    [Fact]
    public void A_normal_payload_gives_past_due_and_the_schedule_times()
    {
        var info = Read("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},
              "ScheduleStatus":{"Last":"2026-11-23T10:17:00+00:00","Next":"2026-11-23T11:17:00+00:00","LastUpdated":"2026-11-23T10:17:00+00:00"},
              "IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"RenewalTimer","UtcNow":"2026-11-23T10:17:00.1Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
            """);

        Assert.True(info.IsPastDue);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T10:17:00Z", System.Globalization.CultureInfo.InvariantCulture), info.Last);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void A_null_ScheduleStatus_with_the_monitor_off_is_fine()
    {
        var info = Read("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""");

        Assert.False(info.IsPastDue);
        Assert.Null(info.Last);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Badly_formatted_Last_becomes_a_warning_not_a_failure()
    {
        // The shape reported in azure-functions-host #7391: a non-ISO, locale-formatted value.
        var info = Read("""{"Data":{"timer":{"ScheduleStatus":{"Last":"23/11/2026 25:61:00 PM","Next":"0001-01-01T00:00:00","LastUpdated":"garbage"},"IsPastDue":false}}}""");

        Assert.Null(info.Last);
        Assert.Contains(info.Warnings, w => w.Contains("ScheduleStatus.Last", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"Data":{}}""")]
    [InlineData("""{"Data":{"timer":null}}""")]
    [InlineData("""{"Data":{"timer":42}}""")]
    [InlineData("""{}""")]
    public void Missing_or_odd_binding_data_is_a_warning(string json)
    {
        var info = Read(json);

        Assert.False(info.IsPastDue);
        Assert.NotEmpty(info.Warnings);
    }

    [Fact]
    public void The_binding_as_a_JSON_string_is_unwrapped()
    {
        var info = Read("""{"Data":{"timer":"{\"IsPastDue\":true,\"ScheduleStatus\":null}"}}""");

        Assert.True(info.IsPastDue);
    }

    private static TimerInfo Read(string json) =>
        TimerPayload.Read(JsonSerializer.Deserialize<InvocationRequest>(json, JsonSerializerOptions.Web)!, "timer");
}
