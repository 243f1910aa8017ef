namespace LbAcme.Sidecar.Render;

/// <summary>The first line of every rendered file, so nobody edits one by hand and loses it on the next render.</summary>
internal static class RenderHeader
{
    public static string For(string kind, string? lb) =>
        $"# Rendered by 'lb-sidecar render {kind}{(lb is null ? "" : $" --lb {lb}")}' from the fleet description. Do not edit: change fleet.json and render again.";
}
