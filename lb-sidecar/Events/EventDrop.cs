namespace LbAcme.Sidecar.Events;

/// <summary>Why an event delivered on the app port was answered DROP (the <c>reason</c> label of the dropped counter).</summary>
internal enum EventDrop
{
    /// <summary>Content-Type neither application/cloudevents+json nor application/json.</summary>
    ContentType,

    /// <summary>Over <see cref="RolloutEvents.MaxBodyBytes"/>.</summary>
    TooLarge,

    /// <summary>Not JSON (or the connection ended inside the body).</summary>
    NotJson,

    /// <summary>JSON, but not an object.</summary>
    NotObject,

    /// <summary>No <c>specversion</c> or <c>type</c> string, or a <c>specversion</c> other than 1.0.</summary>
    NotCloudEvent,

    /// <summary>A CloudEvent, neither Key Vault's new-version event nor one wrapped by daprd.</summary>
    WrongType,

    /// <summary>A new-version event naming no object (no <c>data.ObjectName</c>, no <c>subject</c>).</summary>
    NoObjectName,
}

internal static class EventDropLabels
{
    public static readonly EventDrop[] All = Enum.GetValues<EventDrop>();

    public static string Label(this EventDrop drop) => drop switch
    {
        EventDrop.ContentType => "content_type",
        EventDrop.TooLarge => "too_large",
        EventDrop.NotJson => "not_json",
        EventDrop.NotObject => "not_object",
        EventDrop.NotCloudEvent => "not_cloudevent",
        EventDrop.WrongType => "wrong_type",
        EventDrop.NoObjectName => "no_object_name",
        _ => throw new ArgumentOutOfRangeException(nameof(drop), drop, null),
    };
}
