namespace LbAcme.Renewal.Notifications;

/// <summary>
/// Where the notification state lives (<see cref="Core.Store.StoreLayout.NotificationState"/>), read with a version and
/// written only if nobody wrote since: the one thing two function instances evaluating at once share.
/// </summary>
public interface INotificationStateStore
{
    /// <summary>The document and its version (null: none stored yet).</summary>
    Task<(NotificationStateDocument Document, string? Version)> ReadAsync(CancellationToken cancellationToken);

    /// <summary>False when the stored version is no longer <paramref name="version"/> (null: when one was stored meanwhile).</summary>
    Task<bool> TryWriteAsync(NotificationStateDocument document, string? version, CancellationToken cancellationToken);
}
