using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// The labels of lbacme_sidecar_build_info: the version and the git commit the SDK stamps into the informational
/// version ("1.0.0+&lt;sha&gt;", the same string <c>lb-sidecar --version</c> prints), and the runtime it runs on.
/// </summary>
internal sealed record BuildInfo(string Version, string Commit, string Runtime)
{
    public static BuildInfo Current { get; } = From(
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        RuntimeInformation.FrameworkDescription,
        nativeAot: !RuntimeFeature.IsDynamicCodeSupported);

    /// <summary>The commit is empty when the build had no git metadata (a source tarball).</summary>
    public static BuildInfo From(string? informationalVersion, string framework, bool nativeAot)
    {
        var text = string.IsNullOrWhiteSpace(informationalVersion) ? "unknown" : informationalVersion.Trim();
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? text : text[..plus];
        var commit = plus < 0 ? "" : text[(plus + 1)..];
        return new BuildInfo(version, commit, nativeAot ? $"{framework} (Native AOT)" : framework);
    }
}
