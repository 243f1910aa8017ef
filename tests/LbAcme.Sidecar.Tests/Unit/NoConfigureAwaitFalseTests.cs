using System.Text.RegularExpressions;
using LbAcme.LocalEnvironment;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// Background work stays off the socket event loop because every await in it resumes on BackgroundScheduler.
/// ConfigureAwait(false) (or ConfigureAwaitOptions without ContinueOnCapturedContext) would resume wherever the
/// awaited operation completed, which after a socket read is the event loop; so the sidecar's code has none.
/// </summary>
public sealed partial class NoConfigureAwaitFalseTests
{
    [Fact]
    public void No_sidecar_source_file_lets_an_await_resume_on_the_completing_thread()
    {
        var root = Path.Combine(TestTools.RepoRoot, "lb-sidecar");
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var offenders = sources
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && ResumesAnywhere().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(root, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(sources.Count > 50, $"only {sources.Count} sources found under {root}");
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Theory]
    [InlineData("await x.ConfigureAwait(false);")]
    [InlineData("await x.ConfigureAwait( false );")]
    [InlineData("await x.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);")]
    [InlineData("await x.ConfigureAwait(ConfigureAwaitOptions.None);")]
    public void The_check_catches_each_form(string line) => Assert.Matches(ResumesAnywhere(), line);

    [Theory]
    [InlineData("await x;")]
    [InlineData("await x.ConfigureAwait(true);")]
    [InlineData("await x.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);")]
    public void The_check_lets_capturing_awaits_through(string line) => Assert.DoesNotMatch(ResumesAnywhere(), line);

    [GeneratedRegex(@"ConfigureAwait\s*\(\s*(false\b|(?![^)]*ContinueOnCapturedContext)ConfigureAwaitOptions)")]
    private static partial Regex ResumesAnywhere();
}
