using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Account;

/// <summary>The operator actions' log events on the fleet account (EventIds 2601-2619). Never key material: thumbprints only.</summary>
internal static partial class AccountLog
{
    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Account key rollover for {Account} started: new {KeyType} key {NewThumbprint} stored as pending, old key {OldThumbprint}")]
    public static partial void RolloverStarted(ILogger logger, Uri account, string keyType, string newThumbprint, string oldThumbprint);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "Account key rollover for {Account} done: the CA knows key {NewThumbprint}, the store holds it as the account key")]
    public static partial void RolloverDone(ILogger logger, Uri account, string newThumbprint);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Warning, Message = "An interrupted account key rollover was finished: the CA knows the pending key {Thumbprint} (account {Account}), now the account key")]
    public static partial void RolloverRecovered(ILogger logger, Uri account, string thumbprint);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Warning, Message = "An interrupted account key rollover was abandoned: the CA does not know the pending key {Thumbprint}, the account keeps its key")]
    public static partial void RolloverAbandoned(ILogger logger, string thumbprint);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Warning, Message = "ACME account {Account} DEACTIVATED by the operator; its key is kept as {Archived}; the next renewal registers a new account")]
    public static partial void Deactivated(ILogger logger, Uri account, string archived);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Information, Message = "A pending account key exists but a rollover holds the account key lock; using the current key")]
    public static partial void RolloverRunning(ILogger logger);
}
