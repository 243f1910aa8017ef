using System.Runtime.Versioning;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>The webroot is served only as regular files: no symlink is followed, and a FIFO cannot hang a request.</summary>
[SupportedOSPlatform("linux")]
public sealed class WebrootChallengesTests : IDisposable
{
    private const string Token = "webrootToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _webroot = TestTools.NewScratchDirectory("webroot");
    private readonly string _secret;
    private readonly WebrootChallenges _challenges;

    public WebrootChallengesTests()
    {
        _secret = Path.Combine(TestTools.NewScratchDirectory("webroot-secret"), "haproxy.pem");
        File.WriteAllText(_secret, "-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n");
        _challenges = new WebrootChallenges(MsOptions.Create(new SidecarOptions { Webroot = _webroot }), TimeProvider.System, NullLogger<WebrootChallenges>.Instance);
    }

    [Fact]
    public async Task A_regular_file_is_served_and_then_remembered()
    {
        await File.WriteAllTextAsync(Path.Combine(_webroot, Token), Token + ".thumbprint");

        Assert.Equal(Token + ".thumbprint", System.Text.Encoding.UTF8.GetString((await _challenges.ReadAsync(Token, CancellationToken.None))!));
        Assert.NotNull(_challenges.FindRecent(Token));
    }

    [Fact]
    public async Task A_symlink_named_like_a_token_is_not_followed()
    {
        File.CreateSymbolicLink(Path.Combine(_webroot, Token), _secret);

        Assert.Null(await _challenges.ReadAsync(Token, CancellationToken.None));
        Assert.Null(_challenges.FindRecent(Token));
    }

    [Fact]
    public async Task A_FIFO_answers_a_miss_at_once_instead_of_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_webroot, Token);
        Assert.Equal(0, (await Command.RunAsync("mkfifo", [fifo], Patience)).ExitCode);

        // Patience only stops a hang from blocking the run; the read itself never waits for a writer.
        Assert.Null(await _challenges.ReadAsync(Token, CancellationToken.None).WaitAsync(Patience));
    }

    [Fact]
    public async Task Directories_missing_and_oversized_files_are_misses()
    {
        Directory.CreateDirectory(Path.Combine(_webroot, Token));
        const string Large = "webrootLarge_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        await File.WriteAllTextAsync(Path.Combine(_webroot, Large), new string('x', new PeerOptions().MaxAnswerBytes + 1));

        Assert.Null(await _challenges.ReadAsync(Token, CancellationToken.None));
        Assert.Null(await _challenges.ReadAsync(Large, CancellationToken.None));
        Assert.Null(await _challenges.ReadAsync("webrootMissing_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CancellationToken.None));
    }

    public void Dispose()
    {
        Directory.Delete(_webroot, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_secret)!, recursive: true);
    }
}
