using LbAcme.Functions.Functions;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Functions.Schedule;

/// <summary>The timer's own schedule (the app setting its trigger reads) for the status's next run and dead-man's switch.</summary>
public sealed class ConfiguredRenewalSchedule : IRenewalSchedule
{
    private readonly NCrontabSchedule _schedule;

    public ConfiguredRenewalSchedule(NCrontabSchedule schedule) => _schedule = schedule;

    /// <summary>From the setting; the app's start-up validation has refused a missing or malformed one already.</summary>
    public static ConfiguredRenewalSchedule From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(NCrontabSchedule.Parse(configuration[FunctionNames.ScheduleSetting] ?? string.Empty));
    }

    public DateTimeOffset NextAfter(DateTimeOffset after) => _schedule.NextAfter(after);
}
