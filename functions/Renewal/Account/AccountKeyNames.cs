using System.Globalization;

namespace LbAcme.Renewal.Account;

/// <summary>
/// The names beside the fleet's account key (<c>Engine:AccountKeyName</c>) in the account key store, and the lock a
/// key rollover or deactivation holds. One owner, so the engine's recovery and the operator's actions cannot disagree.
/// </summary>
public static class AccountKeyNames
{
    /// <summary>The new key of a rollover, stored before the CA hears of it (at most 100 + 8 characters: a valid store name).</summary>
    public static string Pending(string keyName) => $"{keyName}-pending";

    /// <summary>Where a deactivated account's key is kept (UTC second of the deactivation: each one its own name).</summary>
    public static string Deactivated(string keyName, DateTimeOffset at) =>
        $"{keyName}-deactivated-{at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The lock (a lease like locks/{lb}) held while the account's key changes. It has a '/', which no LB name has, so it
    /// can never be an LB's lock, and the leftover report (one path segment per LB) never reads it as one.
    /// </summary>
    public static string Lock(string keyName) => $"account-key/{keyName}";
}
