namespace LbAcme.Renewal.Served;

/// <summary>The served-certificate probe (configuration section <c>Probe</c>), validated at start by <see cref="ProbeOptionsValidation"/>.</summary>
public sealed class ProbeOptions
{
    public const string SectionName = "Probe";

    /// <summary>
    /// The longest one address may take: the TCP connect and the TLS handshake of every name asked there. An address
    /// that has not answered by then is a finding (timed out), and the run goes on.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Addresses probed at the same time, so a fleet of many dead addresses takes (addresses / this) × <see cref="Timeout"/> at most.</summary>
    public int MaxConcurrency { get; set; } = 16;
}
