using System.Text.Json.Serialization;

namespace LbAcme.Renewal.Notifications;

/// <summary>What a notification says happened. The JSON names are the stable "event" values of the generic payload.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationEventKind>))]
public enum NotificationEventKind
{
    /// <summary>A renewal attempt failed for good (the queue will not retry it), with the CA's problem.</summary>
    [JsonStringEnumMemberName("renewal_failed")]
    RenewalFailed,

    /// <summary>The LB's renewals failed Fleet:Notifications:FailingAfter times in a row.</summary>
    [JsonStringEnumMemberName("failing")]
    Failing,

    [JsonStringEnumMemberName("expiring")]
    Expiring,

    /// <summary>Issued is newer than served for more than two sync intervals.</summary>
    [JsonStringEnumMemberName("stuck")]
    Stuck,

    /// <summary>The CA answered rateLimited, or the name set's issuance budget defers a due renewal.</summary>
    [JsonStringEnumMemberName("rate_limited")]
    RateLimited,

    [JsonStringEnumMemberName("unreachable")]
    Unreachable,

    /// <summary>No renewal run reported for twice the schedule (the dead-man's switch).</summary>
    [JsonStringEnumMemberName("run_overdue")]
    RunOverdue,

    /// <summary>A subject that was notified as bad is ok again.</summary>
    [JsonStringEnumMemberName("recovered")]
    Recovered,
}
