using System.Text.Json;
using LbAcme.Core.Served;
using LbAcme.Core.Status;

namespace LbAcme.Operator.Tests;

/// <summary>Fleet status documents as the function serves them, built from Core's records and serialized with its StatusJson.</summary>
internal static class Documents
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    public static AddressStatusEntry Address(string lb, string address, CertificateState state = CertificateState.Ok, string? error = null,
        string serverName = "lb1.svc.example", string summary = "serves the issued certificate", string? action = null, ServedAddressKind kind = ServedAddressKind.Lb) => new(
        address, kind, kind == ServedAddressKind.Vip ? null : lb, serverName, state, summary, action, Now.AddMinutes(-5), error,
        error is null ? new ServedCertificateEntry("0a1b2c3d", Now.AddDays(59).AddHours(3), "Pebble Intermediate", false, true, null, true, "Tls13", 59.1) : null);

    public static LbStatusEntry Lb(string name, CertificateState state, params AddressStatusEntry[] addresses) => new(
        name, state, state == CertificateState.Ok ? "ok" : $"{name} is {state.Display()}", state == CertificateState.Ok ? null : "look at it",
        new IssuedCertificateEntry("0a1b2c3d", Now.AddDays(-1), Now.AddDays(59), Now.AddDays(-1)),
        new DeployedCertificateEntry("0a1b2c3d", Now.AddDays(59), Now.AddMinutes(-3), DeployOutcome.Unchanged, "unchanged", false),
        Now.AddHours(-1), "Renewed", null, 0, Now.AddHours(1), null, null, addresses);

    /// <summary>One certificate of an LB, with the names it was asked for and its addresses.</summary>
    public static CertificateStatusEntry Certificate(string name, CertificateState state, params AddressStatusEntry[] addresses) => new(
        name, [.. addresses.Select(a => a.ServerName).Distinct()], state, state == CertificateState.Ok ? "ok" : $"{name} is {state.Display()}",
        state == CertificateState.Ok ? null : "look at it", null, null, null, null, null, 0, null, null, null, null, null, addresses);

    /// <summary>Two LBs with one address each and a VIP, all ok.</summary>
    public static FleetStatusDocument AllOk() => new(
        FleetStatusDocument.CurrentSchemaVersion, Now, CertificateState.Ok, Now.AddMinutes(-43), Now.AddMinutes(17), false,
        new ProbeSummary(Now.AddMinutes(-6), Now.AddMinutes(-5), 3, 0),
        [Lb("lb1", CertificateState.Ok, Address("lb1", "127.0.200.1:443")), Lb("lb2", CertificateState.Ok, Address("lb2", "127.0.200.2:443", serverName: "lb2.svc.example"))],
        [Address("lb1", "198.51.100.1:443", serverName: "svc.example", kind: ServedAddressKind.Vip)]);

    /// <summary>All ok but one address of lb2 in <paramref name="state"/> (and lb2 and the fleet with it).</summary>
    public static FleetStatusDocument WithAddressIn(CertificateState state)
    {
        var ok = AllOk();
        var bad = Address("lb2", "127.0.200.2:443", state, error: state == CertificateState.Unreachable ? "connection refused" : null,
            serverName: "lb2.svc.example", summary: $"it is {state.Display()}", action: "do the thing");
        return ok with { State = state, LoadBalancers = [ok.LoadBalancers[0], Lb("lb2", state, bad)] };
    }

    public static string Json(FleetStatusDocument document) => JsonSerializer.Serialize(document, StatusJson.Default.FleetStatusDocument);
}
