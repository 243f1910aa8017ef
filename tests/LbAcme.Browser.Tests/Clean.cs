using LbAcme.Testing.Browser;

namespace LbAcme.Browser.Tests;

/// <summary>"The browser reported nothing wrong", failing with every problem in full (Assert.Empty cuts each one short).</summary>
internal static class Clean
{
    public static void Assert(RecordedPage page)
    {
        var problems = page.Problems;
        Xunit.Assert.True(problems.Count == 0, $"the browser reported {problems.Count} problem(s):\n{string.Join('\n', problems)}");
    }
}
