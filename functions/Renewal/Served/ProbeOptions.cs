namespace LbAcme.Renewal.Served;

/// <summary>The served-certificate probe (configuration section <c>Probe</c>), validated at start by <see cref="ProbeOptionsValidation"/>.</summary>
public sealed class ProbeOptions
{
    public const string SectionName = "Probe";

    /// <summary>
    /// The longest one address may take: the TCP connects and TLS handshakes of every name asked there, which is every
    /// name of every fleet certificate (plus the LB's extra name), one handshake each, in turn. An address that has not
    /// answered by then is a finding (timed out), the names not yet asked are recorded as out of time, and the run goes
    /// on: a dead address costs one timeout whatever the number of certificates, a live one a few milliseconds per name.
    /// Raise it only when an address's names × one handshake's time (seen in the report's elapsedMilliseconds) nears it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Addresses probed at the same time, so a fleet of many dead addresses takes (addresses / this) × <see cref="Timeout"/> at most.</summary>
    public int MaxConcurrency { get; set; } = 16;
}
