using System.Text.Json;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;
using static LbAcme.Renewal.Tests.Status.StatusScenario;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>Rules that hold for every fleet: generated fleets (fixed seeds, so a failure replays) against the evaluator.</summary>
public sealed class StatusPropertyTests
{
    private const int Fleets = 400;

    [Fact]
    public void Every_generated_fleet_keeps_the_documents_rules()
    {
        for (var seed = 0; seed < Fleets; seed++)
        {
            var inputs = Generate(new Random(seed));
            var document = StatusEvaluator.Evaluate(inputs);

            var all = document.LoadBalancers.Select(l => (l.State, l.Summary, l.Action))
                .Concat(document.Addresses().Concat(document.Vips).Select(a => (a.State, a.Summary, a.Action))).ToList();
            // Every state says why; every state but ok says what to do, and ok says nothing to do.
            Assert.All(all, e => Assert.False(string.IsNullOrWhiteSpace(e.Summary), $"seed {seed}"));
            Assert.All(all, e => Assert.Equal(e.State == CertificateState.Ok, e.Action is null));
            Assert.Equal(all.Select(e => e.State).Aggregate(CertificateState.Ok, CertificateStates.Worst), document.State);
            foreach (var (lb, input) in document.LoadBalancers.Zip(inputs.LoadBalancers))
            {
                // An LB is the worst of its certificates, each of them listed in fleet order, its addresses theirs.
                var certificates = lb.Certificates!;
                Assert.Equal(input.Certificates.Select(c => c.Certificate), certificates.Select(c => c.Certificate));
                Assert.Equal(certificates.Select(c => c.State).Aggregate(CertificateState.Ok, CertificateStates.Worst), lb.State);
                Assert.Equal(certificates.SelectMany(c => c.Addresses), lb.Addresses);
                Assert.Equal(input.Certificates[0].Issued, lb.Issued);
                foreach (var (certificate, copy) in certificates.Zip(input.Certificates))
                {
                    var failing = copy.State?.LastOutcome is LbOutcomeKind.Failed or LbOutcomeKind.Poisoned;
                    Assert.True(certificate.State >= (failing ? CertificateState.Failing : CertificateState.Ok), $"seed {seed}: {lb.Lb} {certificate.Certificate}");
                    Assert.All(certificate.Addresses, a => Assert.Equal(certificate.Certificate, a.Certificate));
                    if (certificate.Addresses.Count > 0)
                    {
                        var worst = certificate.Addresses.Select(a => a.State).Aggregate(failing ? CertificateState.Failing : CertificateState.Ok, CertificateStates.Worst);
                        Assert.Equal(worst, certificate.State);
                    }
                }
            }
            // Unreachable is exactly "no certificate seen", never a guess.
            Assert.All(document.Addresses().Concat(document.Vips), a => Assert.Equal(a.Error is not null, a.State == CertificateState.Unreachable && a.Served is null));
            // Nothing but the inputs decides: the same inputs give the same document.
            Assert.Equal(Json(document), Json(StatusEvaluator.Evaluate(inputs)));
        }
    }

    private static string Json(FleetStatusDocument document) => JsonSerializer.Serialize(document, StatusJson.Default.FleetStatusDocument);

    private static readonly string[] CertificateNames = ["web", "api", "mail"];

    private static StatusInputs Generate(Random random)
    {
        var lbs = new List<LbStatusInput>();
        var observations = new List<ServedObservation>();
        var serials = new List<string>();
        string[] certificates = random.Next(3) == 0 ? ["default"] : [.. CertificateNames.Take(random.Next(1, 4))];
        for (var i = 0; i < random.Next(1, 5); i++)
        {
            var name = $"lb{i}";
            var copies = new List<CertificateStatusInput>();
            var lifetime = TimeSpan.FromHours(random.Next(0, 3) switch { 0 => 160, 1 => 45 * 24, _ => 90 * 24 });
            for (var c = 0; c < certificates.Length; c++)
            {
                var issued = random.Next(5) == 0 ? null : Issued($"{i}{c}{random.Next(16):X}", Now - Span(random, lifetime), lifetime);
                var oldSerial = $"{i}{c}0";
                var deployed = random.Next(3) switch
                {
                    0 => null,
                    1 when issued is not null => Deployed(certificates[c], issued.Serial, issued.NotAfter, issued.StoredAt!.Value.AddMinutes(random.Next(20))),
                    _ => Deployed(certificates[c], oldSerial, Now + Span(random, lifetime), Now.AddDays(-30), selfSigned: random.Next(4) == 0),
                };
                LbState? state = random.Next(5) switch
                {
                    0 => null,
                    1 => Failed(name, random.Next(1, 6), random.Next(2) == 0 ? "rateLimited" : "connection", "problem"),
                    2 => Renewed(name, issued?.StoredAt ?? Now.AddDays(-1)),
                    3 => new LbState { Lb = name, DueReason = "Backstop", WaitingUntil = Now.AddHours(random.Next(-2, 30)), WaitingFor = "new orders per account: 300 per 3 hours" },
                    _ => new LbState { Lb = name, LastOutcome = LbOutcomeKind.Poisoned, LastProblem = "poisoned", NextCheck = Now.AddHours(1) },
                };
                copies.Add(new CertificateStatusInput(certificates[c], [$"{certificates[c]}.example"], issued, deployed, state));
                serials.AddRange([oldSerial, .. issued is null ? Array.Empty<string>() : [issued.Serial]]);
            }
            lbs.Add(new LbStatusInput(name, copies, random.Next(2) == 0 ? null : random.Next(30, 900)));
            if (random.Next(4) > 0)
            {
                for (var a = 0; a < random.Next(1, 3); a++)
                {
                    foreach (var certificate in certificates)
                    {
                        observations.Add(Observation(random, $"127.0.{i}.{a + 1}", ServedAddressKind.Lb, name, serials[random.Next(serials.Count)], lifetime, certificate));
                    }
                }
            }
        }
        for (var v = 0; v < random.Next(0, 3); v++)
        {
            observations.Add(Observation(random, $"192.0.2.{v + 1}", ServedAddressKind.Vip, null, random.Next(6) == 0 ? "FFFF" : serials[random.Next(serials.Count)],
                TimeSpan.FromDays(90), certificates[random.Next(certificates.Length)]));
        }
        ServedReport? report = random.Next(5) == 0 ? null : new ServedReport(Now.AddMinutes(-1), Now.AddSeconds(-50), observations);
        var runs = new RunTiming(random.Next(3) == 0 ? null : Now - TimeSpan.FromMinutes(random.Next(300)), Now.AddMinutes(10), TimeSpan.FromHours(1));
        return new StatusInputs(Now, lbs, report, runs);
    }

    private static ServedObservation Observation(Random random, string address, ServedAddressKind kind, string? lb, string serial, TimeSpan lifetime, string certificate)
    {
        if (random.Next(6) == 0)
        {
            return Failed(address, kind, lb, "connection refused") with { Certificate = certificate, ServerName = $"{certificate}.example" };
        }
        var notAfter = Now + Span(random, lifetime);
        return Presented(address, kind, lb, serial, notAfter - lifetime, notAfter, Now.AddMinutes(-random.Next(0, 120)),
            selfSigned: random.Next(8) == 0, chainValid: random.Next(10) > 0, namesCovered: random.Next(10) > 0, serverName: $"{certificate}.example") with
        { Certificate = certificate };
    }

    /// <summary>A span from nothing to the whole lifetime, in whole minutes.</summary>
    private static TimeSpan Span(Random random, TimeSpan lifetime) => TimeSpan.FromMinutes(random.Next(0, (int)lifetime.TotalMinutes));
}
