namespace LbAcme.Core.Store;

/// <summary>
/// Blob names in the shared store's container. One container, four prefixes:
/// <c>challenges/{lb}/{token}</c> (key authorization, deleted after the order) with the change marker
/// <c>challenges/{lb}/.marker</c>, <c>locks/{lb}</c>, <c>runs/…</c> and <c>status/{lb}</c>.
/// </summary>
public static class StoreLayout
{
    /// <summary>Name of the marker blob; it starts with '.', which no base64url token can, so it never collides.</summary>
    public const string MarkerName = ".marker";

    public static string ChallengePrefix(string lb) => $"challenges/{lb}/";

    public static string Challenge(string lb, string token) => $"challenges/{lb}/{token}";

    public static string ChallengeMarker(string lb) => $"challenges/{lb}/{MarkerName}";

    public static string Lock(string lb) => $"locks/{lb}";

    public static string Status(string lb) => $"status/{lb}";

    public const string RunsPrefix = "runs/";
}
