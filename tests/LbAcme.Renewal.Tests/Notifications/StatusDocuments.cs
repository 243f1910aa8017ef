using LbAcme.Core.Served;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>Fleet status documents in the shapes the notifications read: one LB (lb1) and one VIP, in a chosen state.</summary>
public static class StatusDocuments
{
    public static readonly DateTimeOffset NotAfter = new(2027, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static FleetStatusDocument Fleet(DateTimeOffset now, CertificateState lb1 = CertificateState.Ok, int failures = 0,
        string? problem = null, string? dueReason = null, bool runOverdue = false, CertificateState vip = CertificateState.Ok)
    {
        var address = Address("127.0.1.1", ServedAddressKind.Lb, "lb1", lb1 is CertificateState.Failing ? CertificateState.Ok : lb1, now);
        var entry = new LbStatusEntry("lb1", lb1, Summary(lb1, failures), Action(lb1),
            new IssuedCertificateEntry("0A1B", NotAfter.AddDays(-90), NotAfter, now.AddDays(-10)),
            new DeployedCertificateEntry("0A1B", NotAfter, now.AddMinutes(-3), DeployOutcome.Unchanged, "unchanged", false),
            now.AddMinutes(-5), failures > 0 ? "Failed" : "NotDue", problem, failures, now.AddHours(6), null, dueReason, [address]);
        return new FleetStatusDocument(FleetStatusDocument.CurrentSchemaVersion, now, CertificateStates.Worst(lb1, vip), now.AddMinutes(-5), now.AddHours(1),
            runOverdue, new ProbeSummary(now.AddMinutes(-1), now, 2, 0), [entry], [Address("127.0.9.1", ServedAddressKind.Vip, null, vip, now)]);
    }

    private static AddressStatusEntry Address(string address, ServedAddressKind kind, string? lb, CertificateState state, DateTimeOffset now) =>
        new(address, kind, lb, "svc.example.test", state, Summary(state, 0), Action(state), now,
            state == CertificateState.Unreachable ? "connection refused" : null,
            state == CertificateState.Unreachable ? null : new ServedCertificateEntry("0A1B", NotAfter, "CN=Test CA", false, true, null, true, "Tls13", (NotAfter - now).TotalDays));

    // Sentences in the status builder's style; the notifications pass them on unchanged.
    private static string Summary(CertificateState state, int failures) => state switch
    {
        CertificateState.Ok => "Serving the issued certificate 0A1B, valid until 2027-03-01.",
        CertificateState.Failing => $"The last {failures} renewal attempts failed; the served certificate 0A1B is valid until 2027-03-01.",
        CertificateState.Stuck => "Issued 0A1C has not been served for over two sync intervals; still serving 0A1B.",
        CertificateState.Expiring => "The served certificate 0A1B expires within a third of its lifetime.",
        _ => "No TLS handshake within the probe's time.",
    };

    private static string? Action(CertificateState state) => state switch
    {
        CertificateState.Ok => null,
        CertificateState.Failing => "Read the CA's problem; fix what it names, then POST /api/renew/lb1.",
        CertificateState.Stuck => "Check the LB's sidecar (journalctl -u lb-sidecar) and its status report.",
        CertificateState.Expiring => "Check why renewal has not replaced it: the LB's last attempt and the sidecar's deploys.",
        _ => "Check that HAProxy runs on the LB and the address is routed.",
    };
}
