using LbAcme.Core.Challenges;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class ChallengeTokenTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0")]
    [InlineData("abc-DEF_123")]
    public void Base64url_tokens_up_to_128_characters_are_valid(string token) => Assert.True(ChallengeToken.IsValid(token));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../etc/passwd")]
    [InlineData("..%2f")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("tok.en")]
    [InlineData("tok=")]
    [InlineData("tok+en")]
    [InlineData("tök")]
    [InlineData(" token")]
    public void Anything_else_is_invalid(string token) => Assert.False(ChallengeToken.IsValid(token));

    [Fact]
    public void The_length_limit_is_128() =>
        Assert.Equal((true, false), (ChallengeToken.IsValid(new string('a', 128)), ChallengeToken.IsValid(new string('a', 129))));

    [Theory]
    [InlineData("/.well-known/acme-challenge/abc", true, "abc")]
    [InlineData("/.well-known/acme-challenge/", true, "")]
    [InlineData("/.well-known/acme-challenge", false, "")]
    [InlineData("/.WELL-KNOWN/acme-challenge/abc", false, "")]
    [InlineData("/x/.well-known/acme-challenge/abc", false, "")]
    public void Only_the_exact_prefix_is_a_challenge_path(string path, bool matches, string token)
    {
        Assert.Equal(matches, ChallengeToken.TryGetFromPath(path, out var found));
        Assert.Equal(token, found);
    }
}
