using LbAcme.Core.Fleet;
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

/// <summary>
/// One LB's stored facts: per fleet certificate (in fleet order, the first is the one the LB's top-level status
/// fields describe) its issued copy, deploy report and engine state; and its sidecar's poll interval.
/// </summary>
public sealed record LbStatusInput(string Lb, IReadOnlyList<CertificateStatusInput> Certificates, double? SyncIntervalSeconds)
{
    /// <summary>
    /// An LB of a one-certificate fleet (the <c>Fleet:Names</c> shorthand): its certificate is "default", its names not
    /// given, its deploy entry the status/{lb} report's top-level fields.
    /// </summary>
    public LbStatusInput(string lb, IssuedCertificateEntry? issued, DeployStatus? deployed, LbState? state)
        : this(lb, [new CertificateStatusInput(FleetCertificates.DefaultName, [], issued, DeployedCertificates.Of(deployed, FleetCertificates.DefaultName, first: true), state)],
            deployed?.SyncIntervalSeconds)
    {
    }

    /// <summary>How long one rollout may take on this LB: the sidecar's reported poll interval, else the sidecar's default.</summary>
    public TimeSpan SyncInterval =>
        SyncIntervalSeconds is double seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : CertificateSyncDefaults.Interval;

    /// <summary>This LB's copy of the certificate called <paramref name="certificate"/>, or null.</summary>
    public CertificateStatusInput? Find(string certificate) =>
        Certificates.FirstOrDefault(c => string.Equals(c.Certificate, certificate, StringComparison.Ordinal));
}

/// <summary>
/// The timer's last firing, its next one, and the schedule's interval (the gap between two firings; null when the
/// schedule is unknown, and then no run is ever overdue).
/// </summary>
public sealed record RunTiming(DateTimeOffset? LastRun, DateTimeOffset? NextRun, TimeSpan? Interval)
{
    public static RunTiming Unknown { get; } = new(null, null, null);
}
