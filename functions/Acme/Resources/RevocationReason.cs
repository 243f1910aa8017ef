namespace LbAcme.Acme.Resources;

/// <summary>RFC 5280 §5.3.1 reason codes that Let's Encrypt accepts from a subscriber (its revoking documentation lists 0, 1, 3, 4, 5).</summary>
public enum RevocationReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
}
