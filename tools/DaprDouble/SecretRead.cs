namespace LbAcme.DaprDouble;

/// <summary>
/// One secret call that reached a store (GetSecret: <see cref="Name"/> set; GetBulkSecret: null), with the request
/// metadata the app sent (e.g. version_id), so a test can see what the app asked for.
/// </summary>
public sealed record SecretRead(string Store, string? Name, IReadOnlyDictionary<string, string> Metadata);
