namespace LbAcme.Renewal.Account;

/// <summary>How a key rollover ended; the HTTP function maps each to a status code.</summary>
public enum KeyRolloverOutcome
{
    /// <summary>The CA knows the new key and the store holds it as the account key.</summary>
    Rolled,

    /// <summary>Another rollover or deactivation holds the account key lock: nothing was done.</summary>
    Busy,
}

/// <summary>A rollover's result: the account, the key type kept, and the old and new keys' RFC 7638 thumbprints (never the keys).</summary>
public sealed record KeyRolloverResult(KeyRolloverOutcome Outcome, Uri? Account = null, string? KeyType = null, string? OldThumbprint = null, string? NewThumbprint = null, bool FinishedInterrupted = false);

/// <summary>How a deactivation ended.</summary>
public enum DeactivationOutcome
{
    /// <summary>The CA deactivated the account; its key is archived and the account key cleared.</summary>
    Deactivated,

    /// <summary>The confirmation is not this account's URL: nothing was done.</summary>
    NotConfirmed,

    /// <summary>No account key is stored, or the CA has no account for it: nothing to deactivate.</summary>
    NoAccount,

    /// <summary>A rollover or another deactivation holds the account key lock: nothing was done.</summary>
    Busy,
}

/// <summary>A deactivation's result: the account's URL (also on <see cref="DeactivationOutcome.NotConfirmed"/>) and where its key went.</summary>
public sealed record DeactivationResult(DeactivationOutcome Outcome, Uri? Account = null, string? ArchivedKeyName = null);
