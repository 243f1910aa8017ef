namespace LbAcme.Operator.Actions;

/// <summary>
/// Where an action is: the function app's base URL with /api/operator/... appended. Plain http only to loopback (the
/// local stand-in host), as for status, so the admin key never crosses a network in clear.
/// </summary>
public static class ActionUri
{
    public const string RevokePath = "api/operator/revoke";
    public const string KeyRolloverPath = "api/operator/account/key-rollover";
    public const string DeactivatePath = "api/operator/account/deactivate";

    public static Uri? For(string url, string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(url);
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problem = "--url: give the function app's address, e.g. https://APP.azurewebsites.net";
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            problem = $"--url: plain http only to a loopback address; use https://{uri.Authority}";
            return null;
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            // A ?code= key in the URL would be printed and logged; the key goes in the header only.
            problem = $"--url: give the app's address without a query; the key goes in {OperatorCommandLine.KeyVariable} or --key";
            return null;
        }
        var basePath = uri.AbsolutePath.TrimEnd('/');
        return new UriBuilder(uri) { Path = $"{basePath}/{path}", Query = string.Empty }.Uri;
    }
}
