using LbAcme.Sidecar.Logging;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>Sidecar:LogFormat: the accepted values, auto's choice, and the error naming the field.</summary>
public sealed class LogFormatsTests
{
    [Theory]
    [InlineData("auto", null, "Simple")]
    [InlineData("", "8:1234", "Systemd")]
    [InlineData("AUTO", "8:1234", "Systemd")]
    [InlineData("json", "8:1234", "Json")]
    [InlineData("simple", "8:1234", "Simple")]
    [InlineData("systemd", null, "Systemd")]
    public void Auto_follows_journald_and_an_explicit_format_wins(string configured, string? journalStream, string expected)
    {
        Assert.True(LogFormats.TryParse(configured, out var format));
        Assert.Equal(expected, LogFormats.Resolve(format, journalStream).ToString());
    }

    [Fact]
    public void An_unknown_format_names_the_field()
    {
        Assert.Equal("Sidecar:LogFormat: 'xml' is not a log format (use auto, simple, json or systemd)", LogFormats.Error("Sidecar:LogFormat", "xml"));
        Assert.Null(LogFormats.Error("Sidecar:LogFormat", "Json"));
    }
}
