using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Status;

/// <summary>
/// Everything <see cref="StatusEvaluator"/> reads, gathered at one moment (<see cref="Now"/>) by
/// <see cref="FleetStatusSource"/> or built by a test: the fleet's LBs in order, the latest probe report (null before
/// the first probe) and the timer's schedule.
/// </summary>
public sealed record StatusInputs(DateTimeOffset Now, IReadOnlyList<LbStatusInput> LoadBalancers, ServedReport? Served, RunTiming Runs);

/// <summary>One LB's stored facts: its issued certificate, its sidecar's last status/{lb} report, the engine's memory of it.</summary>
public sealed record LbStatusInput(string Lb, IssuedCertificateEntry? Issued, DeployStatus? Deployed, LbState? State)
{
    /// <summary>How long one rollout may take on this LB: the sidecar's reported poll interval, else the sidecar's default.</summary>
    public TimeSpan SyncInterval =>
        Deployed?.SyncIntervalSeconds is double seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : CertificateSyncDefaults.Interval;
}

/// <summary>
/// The timer's last firing, its next one, and the schedule's interval (the gap between two firings; null when the
/// schedule is unknown, and then no run is ever overdue).
/// </summary>
public sealed record RunTiming(DateTimeOffset? LastRun, DateTimeOffset? NextRun, TimeSpan? Interval)
{
    public static RunTiming Unknown { get; } = new(null, null, null);
}
