using System.Security.Authentication;
using LbAcme.Core.Fleet;
using LbAcme.Core.Names;
using LbAcme.Core.Served;

namespace LbAcme.Renewal.Served;

/// <summary>
/// One handshake's result as the report records it: the leaf's facts, the chain checked against the fleet's roots by
/// the rule the sidecar deploys by (<see cref="ChainTrust"/>), the name asked checked by the sidecar's rule
/// (<see cref="ServiceNames"/>). Without usable roots the chain is not judged:
/// <see cref="ServedObservation.ChainValid"/> stays null and the problem says why.
/// </summary>
internal static class ServedCertificateCheck
{
    /// <summary>Let's Encrypt's most per certificate; a leaf with more (not one of ours) is recorded up to here.</summary>
    public const int MaxDnsNames = 100;

    public static ServedObservation Observe(ProbeTarget target, ProbeName name, DateTimeOffset probedAt, TimeSpan elapsed, HandshakeResult result, TrustAnchors? anchors, string? anchorsProblem, DateTimeOffset now)
    {
        var serverName = name.ServerName;
        var observation = new ServedObservation(target.Address, target.Kind, target.Lb, serverName, probedAt, Math.Round(elapsed.TotalMilliseconds, 1), result.Error,
            Failure: result.Failure, Certificate: name.Certificate);
        if (result.Leaf is not { } leaf)
        {
            return observation;
        }
        var problem = anchors is null ? null : ChainTrust.Check(leaf, result.Intermediates, anchors, now);
        return observation with
        {
            Serial = leaf.SerialNumber,
            NotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            Issuer = leaf.Issuer,
            DnsNames = [.. ServiceNames.DnsNames(leaf).Take(MaxDnsNames)],
            SelfSigned = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData),
            ChainValid = anchors is null ? null : problem is null,
            ChainProblem = anchors is null ? $"not checked: {anchorsProblem}" : problem?.Message,
            NamesCovered = ServiceNames.Uncovered(leaf, [serverName]).Count == 0,
            TlsVersion = Version(result.Protocol),
        };
    }

    /// <summary>Not ok: no certificate, a chain not leading to a trusted root (or not checked), another name, expired, self-signed.</summary>
    public static IReadOnlyList<string> Problems(ServedObservation observation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Error is { } error)
        {
            return [error];
        }
        var problems = new List<string>();
        if (observation.ChainValid != true)
        {
            problems.Add(observation.ChainProblem ?? "chain not trusted");
        }
        if (observation.NamesCovered == false)
        {
            problems.Add($"does not cover {observation.ServerName}");
        }
        if (observation.NotAfter <= now)
        {
            problems.Add($"expired at {observation.NotAfter:u}");
        }
        if (observation.SelfSigned == true)
        {
            problems.Add("self-signed");
        }
        return problems;
    }

#pragma warning disable SYSLIB0039, CA5397, CA5398 // naming old protocols a server still speaks is the point
    private static string Version(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
        _ => protocol.ToString(),
    };
#pragma warning restore SYSLIB0039, CA5397, CA5398
}
