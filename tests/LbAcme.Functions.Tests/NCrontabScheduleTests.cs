using System.Globalization;
using LbAcme.Functions.Schedule;

namespace LbAcme.Functions.Tests;

/// <summary>The stand-in host fires on the same six-field NCRONTAB occurrences the Functions host would.</summary>
public sealed class NCrontabScheduleTests
{
    [Theory]
    [InlineData("0 17 * * * *", "2026-11-23T10:20:00Z", "2026-11-23T11:17:00Z")]
    [InlineData("0 17 * * * *", "2026-11-23T10:16:59Z", "2026-11-23T10:17:00Z")]
    [InlineData("0 17 * * * *", "2026-11-23T10:17:00Z", "2026-11-23T11:17:00Z")]
    [InlineData("*/15 * * * * *", "2026-11-23T10:00:14Z", "2026-11-23T10:00:15Z")]
    [InlineData("0 0 */6 * * *", "2026-11-23T07:00:00Z", "2026-11-23T12:00:00Z")]
    [InlineData("0 30 9 * * MON-FRI", "2026-11-28T10:00:00Z", "2026-11-30T09:30:00Z")]
    [InlineData("0 0 0 1 Jan *", "2026-11-23T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 12 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T12:00:00Z")]
    [InlineData("5,10 0 0 * * 0", "2026-11-22T00:00:05Z", "2026-11-22T00:00:10Z")]
    public void The_next_occurrence_matches_the_expression(string expression, string after, string expected)
    {
        var schedule = NCrontabSchedule.Parse(expression);

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), schedule.NextAfter(DateTimeOffset.Parse(after, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0 17 * * *", "six")]
    [InlineData("0 61 * * * *", "minute")]
    [InlineData("0 0 25 * * *", "hour")]
    [InlineData("0 0 0 * Foo *", "month")]
    [InlineData("0 0 0 * * */0", "step")]
    [InlineData("0 10-5 * * * *", "backwards")]
    public void A_bad_expression_names_what_is_wrong(string expression, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NCrontabSchedule.Parse(expression));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
