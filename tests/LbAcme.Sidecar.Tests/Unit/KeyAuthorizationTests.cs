using System.Text;
using LbAcme.Core.Challenges;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>What the fan-out accepts as a key authorization for a token (RFC 8555 §8.1).</summary>
public sealed class KeyAuthorizationTests
{
    private const string Token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    private const string Thumbprint = "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    [Theory]
    [InlineData(Token + "." + Thumbprint)]
    [InlineData(Token + "." + Thumbprint + "\n")]
    [InlineData(Token + "." + Thumbprint + "\r\n")]
    [InlineData(Token + "." + Thumbprint + " \t\n")]
    public void A_key_authorization_for_the_token_is_well_formed(string answer) =>
        Assert.True(KeyAuthorization.IsWellFormedFor(Encoding.ASCII.GetBytes(answer), Token));

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("Hello World")]
    [InlineData("otherToken." + Thumbprint)]                     // another token's
    [InlineData(Token + "x." + Thumbprint)]                      // a longer token that starts like this one
    [InlineData(Token + "." + Thumbprint + "A")]                 // 44 characters
    [InlineData(Token + "." + "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqT")] // 42 characters
    [InlineData(Token + "." + "9jg46WB3rR+AHD/EBXdN7cBkH1WOu0tA3M9fm21mqTI")] // base64, not base64url
    [InlineData(Token + "." + "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mq==")] // padded
    [InlineData(Token + ":" + Thumbprint)]
    [InlineData(" " + Token + "." + Thumbprint)]
    [InlineData(Token + "." + Thumbprint + "\nsecond line")]
    public void Anything_else_is_not(string answer) =>
        Assert.False(KeyAuthorization.IsWellFormedFor(Encoding.ASCII.GetBytes(answer), Token));

    [Fact]
    public void What_the_engine_writes_is_well_formed_and_a_wrong_thumbprint_is_refused()
    {
        Assert.True(KeyAuthorization.IsWellFormedFor(Encoding.ASCII.GetBytes(KeyAuthorization.Of(Token, Thumbprint)), Token));
        Assert.Throws<ArgumentException>(() => KeyAuthorization.Of(Token, "short"));
        Assert.Throws<ArgumentException>(() => KeyAuthorization.Of("bad/token", Thumbprint));
    }
}
