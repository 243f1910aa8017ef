using LbAcme.Core.Served;

namespace LbAcme.Core.Status;

/// <summary>
/// GET /api/status as JSON (web names, camelCase): the whole fleet's state for machines, the page, the operator
/// command and the notifications. Field names are a contract (documented in functions/README.md): add fields,
/// never rename or remove one. <see cref="State"/> is the worst state of every LB and address;
/// <see cref="RunOverdue"/> is the dead-man's switch (no renewal run reported for twice the schedule).
/// </summary>
public sealed record FleetStatusDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    CertificateState State,
    DateTimeOffset? LastRun,
    DateTimeOffset? NextRun,
    bool RunOverdue,
    ProbeSummary? Probe,
    IReadOnlyList<LbStatusEntry> LoadBalancers,
    IReadOnlyList<AddressStatusEntry> Vips)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>When the probe behind the served columns ran, and how long it took.</summary>
public sealed record ProbeSummary(DateTimeOffset Started, DateTimeOffset Finished, int Addresses, int Unreachable);

/// <summary>
/// One LB: issued (store), deployed (the sidecar's report), served (its own addresses, probed), the derived
/// <see cref="State"/>, one line saying why (<see cref="Summary"/>) and, unless ok, what to do next (<see cref="Action"/>).
/// <see cref="Certificates"/> has one entry per fleet certificate (always, also for the one-certificate shorthand);
/// <see cref="State"/> is the worst of them and of <see cref="Addresses"/>; the other top-level fields describe the
/// fleet's first certificate, as they did before several certificates existed.
/// </summary>
public sealed record LbStatusEntry(
    string Lb,
    CertificateState State,
    string Summary,
    string? Action,
    IssuedCertificateEntry? Issued,
    DeployedCertificateEntry? Deployed,
    DateTimeOffset? LastAttempt,
    string? LastOutcome,
    string? LastProblem,
    int ConsecutiveFailures,
    DateTimeOffset? NextCheck,
    string? LastReason,
    string? DueReason,
    IReadOnlyList<AddressStatusEntry> Addresses,
    IReadOnlyList<CertificateStatusEntry>? Certificates = null);

/// <summary>
/// One certificate of one LB: as <see cref="LbStatusEntry"/>'s fields, for that certificate alone. <see cref="WaitingUntil"/>
/// and <see cref="WaitingFor"/> say when and why a due order waits (a Let's Encrypt limit the planner keeps, e.g.
/// "certificates per registered domain example.com: 50 per 7 days"); null when nothing waits. <see cref="Addresses"/>
/// are the probe's handshakes that sent this certificate's names as SNI.
/// </summary>
public sealed record CertificateStatusEntry(
    string Certificate,
    IReadOnlyList<string> Names,
    CertificateState State,
    string Summary,
    string? Action,
    IssuedCertificateEntry? Issued,
    DeployedCertificateEntry? Deployed,
    DateTimeOffset? LastAttempt,
    string? LastOutcome,
    string? LastProblem,
    int ConsecutiveFailures,
    DateTimeOffset? NextCheck,
    string? LastReason,
    string? DueReason,
    DateTimeOffset? WaitingUntil,
    string? WaitingFor,
    IReadOnlyList<AddressStatusEntry> Addresses);

/// <summary>The LB's latest certificate in the certificate store; <see cref="StoredAt"/> is when that version was written.</summary>
public sealed record IssuedCertificateEntry(string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset? StoredAt);

/// <summary>What the LB's sidecar last reported in status/{lb} (<see cref="DeployStatus"/>), as the status shows it.</summary>
public sealed record DeployedCertificateEntry(string? Serial, DateTimeOffset? NotAfter, DateTimeOffset? ReportedAt, DeployOutcome? Outcome, string? Result, bool SelfSigned);

/// <summary>
/// One probed address (VIP or LB address, with the SNI sent): the derived state, why, what to do, and the leaf it
/// presented (null when the handshake failed: then <see cref="Error"/> says what happened). <see cref="Certificate"/> is the
/// fleet certificate whose name was sent as SNI.
/// </summary>
public sealed record AddressStatusEntry(
    string Address,
    ServedAddressKind Kind,
    string? Lb,
    string ServerName,
    CertificateState State,
    string Summary,
    string? Action,
    DateTimeOffset? ProbedAt,
    string? Error,
    ServedCertificateEntry? Served,
    string? Certificate = null);

/// <summary>The leaf an address presented, and how it checked out.</summary>
public sealed record ServedCertificateEntry(
    string Serial,
    DateTimeOffset NotAfter,
    string? Issuer,
    bool SelfSigned,
    bool ChainValid,
    string? ChainProblem,
    bool NamesCovered,
    string? TlsVersion,
    double DaysLeft);
