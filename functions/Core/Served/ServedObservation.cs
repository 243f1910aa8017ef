namespace LbAcme.Core.Served;

/// <summary>
/// One TLS handshake of the served-certificate probe: what <see cref="Address"/> presented for the SNI
/// <see cref="ServerName"/>. <see cref="Error"/> is null when a certificate was presented; otherwise it says what
/// happened instead (refused, timed out, handshake failed, ...), and the certificate fields are null.
/// <see cref="ChainValid"/> is whether the presented chain builds to a root the fleet trusts, with
/// <see cref="ChainProblem"/> saying why not; <see cref="NamesCovered"/> whether the leaf covers
/// <see cref="ServerName"/>. <see cref="Lb"/> is the LB the address belongs to (null for a VIP). <see cref="Address"/> is
/// the endpoint probed, IPv6 in brackets (<c>[2001:db8::1]:443</c>, <c>192.0.2.1:443</c>); <see cref="Failure"/> the code
/// of <see cref="Error"/>; <see cref="Certificate"/> the fleet certificate (<see cref="Fleet.FleetCertificate.Name"/>) whose name
/// <see cref="ServerName"/> is.
/// </summary>
public sealed record ServedObservation(
    string Address,
    ServedAddressKind Kind,
    string? Lb,
    string ServerName,
    DateTimeOffset ProbedAt,
    double ElapsedMilliseconds,
    string? Error,
    string? Serial = null,
    DateTimeOffset? NotBefore = null,
    DateTimeOffset? NotAfter = null,
    string? Issuer = null,
    IReadOnlyList<string>? DnsNames = null,
    bool? SelfSigned = null,
    bool? ChainValid = null,
    string? ChainProblem = null,
    bool? NamesCovered = null,
    string? TlsVersion = null,
    ServedFailure? Failure = null,
    string? Certificate = null);
