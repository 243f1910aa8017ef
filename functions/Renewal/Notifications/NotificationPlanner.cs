namespace LbAcme.Renewal.Notifications;

/// <summary>
/// Decides, on the stored state, what each channel must be told: a condition it has not heard (a change, or a recovery),
/// or a reminder when a bad condition outlived the reminder interval since the channel last heard it. Every delivery it
/// plans is claimed in the document (written with the document's ETag before anything is sent), so two evaluations
/// that race cannot both send. Pure: no I/O, no clock.
/// </summary>
public static class NotificationPlanner
{
    /// <summary>
    /// Merges <paramref name="findings"/> into <paramref name="state"/> and claims what must be sent. With
    /// <paramref name="complete"/> the findings cover every lasting subject, so one that is gone (an LB removed from the
    /// fleet) is forgotten. Returns the deliveries and whether the document changed.
    /// </summary>
    public static (IReadOnlyList<PlannedDelivery> Deliveries, bool Changed) Plan(
        NotificationStateDocument state, IReadOnlyList<Finding> findings, bool complete, IReadOnlyCollection<string> channels,
        TimeSpan reminderInterval, DateTimeOffset now, string owner, TimeSpan claimFor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(channels);
        var changed = Merge(state, findings, complete, channels, now);
        var deliveries = new List<PlannedDelivery>();
        foreach (var (subject, record) in state.Subjects)
        {
            foreach (var channel in channels)
            {
                var heard = record.Channels.GetValueOrDefault(channel);
                if (heard?.Claim is { } claim && claim.Until > now)
                {
                    continue;
                }
                if (Due(record, heard, reminderInterval, now) is not { } e)
                {
                    continue;
                }
                heard ??= record.Channels[channel] = new ChannelState();
                heard.Claim = new DeliveryClaim(owner, record.Condition, now + claimFor);
                deliveries.Add(new PlannedDelivery(subject, channel, e));
                changed = true;
            }
        }
        return (deliveries, changed);
    }

    /// <summary>
    /// Records what was delivered (the claimed condition, now) and releases the claims of what was not, so it is tried
    /// again next run. A claim another owner holds by now (ours expired) is left alone.
    /// </summary>
    public static void Complete(NotificationStateDocument state, string owner, IEnumerable<(PlannedDelivery Delivery, bool Delivered)> results, IReadOnlyCollection<string> channels, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var (delivery, delivered) in results)
        {
            if (state.Subjects.GetValueOrDefault(delivery.Subject)?.Channels.GetValueOrDefault(delivery.Channel) is not { Claim: { } claim } heard || claim.Owner != owner)
            {
                continue;
            }
            if (delivered)
            {
                heard.Condition = claim.Condition;
                heard.NotifiedAt = now;
            }
            heard.Claim = null;
        }
        Prune(state, channels);
    }

    private static bool Merge(NotificationStateDocument state, IReadOnlyList<Finding> findings, bool complete, IReadOnlyCollection<string> channels, DateTimeOffset now)
    {
        var changed = false;
        foreach (var finding in findings.Where(f => f.Condition is not null))
        {
            if (!state.Subjects.TryGetValue(finding.Subject, out var record))
            {
                if (finding.IsOk)
                {
                    continue;
                }
                record = state.Subjects[finding.Subject] = new SubjectState { Condition = finding.Condition!, Since = now, Transient = finding.Transient };
                changed = true;
            }
            else if (record.Condition != finding.Condition)
            {
                (record.Condition, record.Since, record.Transient) = (finding.Condition!, now, finding.Transient);
                changed = true;
            }
            record.Event = finding.Event;
        }
        if (complete)
        {
            var seen = findings.Select(f => f.Subject).ToHashSet(StringComparer.Ordinal);
            changed |= RemoveAll(state.Subjects, (subject, record) => !record.Transient && !seen.Contains(subject));
        }
        foreach (var record in state.Subjects.Values)
        {
            changed |= RemoveAll(record.Channels, (channel, _) => !channels.Contains(channel));
        }
        return Prune(state, channels) | changed;
    }

    private static bool RemoveAll<T>(Dictionary<string, T> items, Func<string, T, bool> remove)
    {
        var gone = items.Where(i => remove(i.Key, i.Value)).Select(i => i.Key).ToList();
        gone.ForEach(key => items.Remove(key));
        return gone.Count > 0;
    }

    /// <summary>What <paramref name="heard"/> (null: never told anything, so at ok) must be told about <paramref name="record"/> now, if anything.</summary>
    private static NotificationEvent? Due(SubjectState record, ChannelState? heard, TimeSpan reminderInterval, DateTimeOffset now)
    {
        if (record.Event is not { } e)
        {
            return null;
        }
        var told = heard?.Condition ?? Finding.Ok;
        if (told != record.Condition)
        {
            return e with { PreviousState = record.Transient ? null : StateOf(told), OccurredAt = record.Since };
        }
        var remind = record.Condition != Finding.Ok && !record.Transient && heard?.NotifiedAt is { } last && now - last >= reminderInterval;
        return remind ? e with { PreviousState = e.State, OccurredAt = record.Since, Reminder = true } : null;
    }

    /// <summary>The event's state for a stored condition (a one-off's condition carries its time after '@').</summary>
    private static string StateOf(string condition) => condition.Split('@')[0];

    /// <summary>Forgets what every channel has heard and nothing is pending for: an ok subject, a one-off delivered everywhere.</summary>
    private static bool Prune(NotificationStateDocument state, IReadOnlyCollection<string> channels)
    {
        var pruned = false;
        foreach (var (subject, record) in state.Subjects.ToList())
        {
            var settled = channels.All(name => record.Channels.GetValueOrDefault(name) is var heard
                && heard?.Claim is null && (heard?.Condition ?? Finding.Ok) == record.Condition);
            if (settled && (record.Condition == Finding.Ok || record.Transient))
            {
                pruned |= state.Subjects.Remove(subject);
            }
        }
        return pruned;
    }
}
