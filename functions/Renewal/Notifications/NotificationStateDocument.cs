namespace LbAcme.Renewal.Notifications;

/// <summary>
/// notifications/state.json: per subject, its current condition and event, and per channel what that channel was last
/// told and when. A channel being sent to carries a <see cref="ChannelState.Claim"/> so a second function instance
/// leaves it alone; a claim whose owner died expires, and the next run sends again. Only subjects that are bad, or that
/// a channel has not yet heard recover, are kept.
/// </summary>
public sealed class NotificationStateDocument
{
    public Dictionary<string, SubjectState> Subjects { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SubjectState
{
    public string Condition { get; set; } = Finding.Ok;

    /// <summary>When <see cref="Condition"/> began.</summary>
    public DateTimeOffset Since { get; set; }

    public bool Transient { get; set; }

    /// <summary>What to send for <see cref="Condition"/> (kept, so a one-off whose delivery failed is retried next run).</summary>
    public NotificationEvent? Event { get; set; }

    public Dictionary<string, ChannelState> Channels { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ChannelState
{
    /// <summary>The condition this channel was last told; a channel never told is at ok.</summary>
    public string Condition { get; set; } = Finding.Ok;

    public DateTimeOffset? NotifiedAt { get; set; }

    public DeliveryClaim? Claim { get; set; }
}

/// <summary>An evaluation is delivering <see cref="Condition"/> to the channel until <see cref="Until"/>.</summary>
public sealed record DeliveryClaim(string Owner, string Condition, DateTimeOffset Until);
