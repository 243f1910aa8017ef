namespace LbAcme.Acme.Resources;

/// <summary>RFC 5280 §5.3.1 reason codes that Let's Encrypt accepts.</summary>
public enum RevocationReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    Superseded = 4,
    CessationOfOperation = 5,
}
