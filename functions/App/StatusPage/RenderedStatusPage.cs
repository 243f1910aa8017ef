namespace LbAcme.Functions.StatusPage;

/// <summary>The page and the Content-Security-Policy it must be served with (its style's hash).</summary>
public sealed record RenderedStatusPage(string Html, string ContentSecurityPolicy);
