namespace LbAcme.Renewal.Policy;

/// <summary>Why a certificate is (or is not yet) renewed; recorded in the run journal and Status.</summary>
public enum RenewalReason
{
    NotDue,
    Missing,
    NamesChanged,
    KeyTypeChanged,
    AriWindow,
    Backstop,
    Forced,
}
