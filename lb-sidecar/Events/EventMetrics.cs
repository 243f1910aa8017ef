using LbAcme.Sidecar.Metrics;
using Prometheus;

namespace LbAcme.Sidecar.Events;

/// <summary>
/// What became of the events daprd delivered, in the sidecar's registry: by outcome (woke, not_ours, dropped,
/// unauthorized) and, for the dropped ones, by reason. Every series exists from start, at 0.
/// </summary>
internal sealed class EventMetrics
{
    private readonly Counter.Child[] _outcomes;
    private readonly Counter.Child[] _drops;

    public EventMetrics(SidecarMetrics metrics)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var outcomes = factory.CreateCounter("lbacme_sidecar_certificate_events_total",
            "Events daprd delivered on the app port, by outcome: woke (named a certificate of this LB: a sync round was asked for), not_ours (another LB's or certificate's), dropped (answered DROP), unauthorized (wrong dapr-api-token, answered 401).",
            "outcome");
        _outcomes = [.. EventOutcomeLabels.All.Select(o => outcomes.WithLabels(o.Label()))];
        var drops = factory.CreateCounter("lbacme_sidecar_certificate_events_dropped_total", "Events answered DROP, by reason.", "reason");
        _drops = [.. EventDropLabels.All.Select(d => drops.WithLabels(d.Label()))];
    }

    public void Outcome(EventOutcome outcome) => _outcomes[(int)outcome].Inc();

    public void Dropped(EventDrop drop)
    {
        _drops[(int)drop].Inc();
        Outcome(EventOutcome.Dropped);
    }
}

internal enum EventOutcome
{
    Woke,
    NotOurs,
    Dropped,
    Unauthorized,
}

internal static class EventOutcomeLabels
{
    public static readonly EventOutcome[] All = Enum.GetValues<EventOutcome>();

    public static string Label(this EventOutcome outcome) => outcome switch
    {
        EventOutcome.Woke => "woke",
        EventOutcome.NotOurs => "not_ours",
        EventOutcome.Dropped => "dropped",
        EventOutcome.Unauthorized => "unauthorized",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
