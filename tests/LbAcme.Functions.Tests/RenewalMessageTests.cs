using LbAcme.Functions.Queue;

namespace LbAcme.Functions.Tests;

/// <summary>Whatever text arrives on the queue, parsing says what it is or why it is not a renewal message; it never throws.</summary>
public sealed class RenewalMessageTests
{
    [Fact]
    public void A_message_survives_the_round_trip()
    {
        var message = new RenewalMessage("lb0", "Renew", Force: true, DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var parsed = RenewalMessage.Parse(message.ToJson());

        Assert.Equal(message, parsed.Message);
        Assert.Null(parsed.Problem);
    }

    [Fact]
    public void A_message_for_one_certificate_survives_the_round_trip_and_one_for_all_leaves_the_field_out()
    {
        var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var one = new RenewalMessage("lb0", "Renew", Force: false, at, Certificate: "api");

        Assert.Equal(one, RenewalMessage.Parse(one.ToJson()).Message);
        Assert.Contains("\"certificate\":\"api\"", one.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("certificate", new RenewalMessage("lb0", "Renew", false, at).ToJson(), StringComparison.Ordinal);
        Assert.Null(RenewalMessage.Parse("""{"lb":"lb0","certificate":null}""").Message!.Certificate);
    }

    [Fact]
    public void Only_lb_is_required()
    {
        var parsed = RenewalMessage.Parse("""{"lb":"lb1"}""");

        Assert.Equal("lb1", parsed.Message!.Lb);
        Assert.False(parsed.Message.Force);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("lb0", "not JSON")]
    [InlineData("{\"lb\":", "not JSON")]
    [InlineData("[\"lb0\"]", "Array")]
    [InlineData("\"lb0\"", "String")]
    [InlineData("null", "Null")]
    [InlineData("{}", "'lb'")]
    [InlineData("{\"lb\":\"\"}", "'lb'")]
    [InlineData("{\"lb\":42}", "'lb'")]
    [InlineData("{\"lb\":null}", "'lb'")]
    [InlineData("{\"lb\":\"lb0\",\"force\":\"yes\"}", "'force'")]
    [InlineData("{\"lb\":\"lb0\",\"force\":1}", "'force'")]
    [InlineData("{\"lb\":\"lb0\",\"certificate\":\"\"}", "'certificate'")]
    [InlineData("{\"lb\":\"lb0\",\"certificate\":[\"api\"]}", "'certificate'")]
    public void Malformed_text_gets_a_reason_and_no_message(string text, string reasonMentions)
    {
        var parsed = RenewalMessage.Parse(text);

        Assert.Null(parsed.Message);
        Assert.Contains(reasonMentions, parsed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_text_is_refused_before_it_is_parsed()
    {
        var parsed = RenewalMessage.Parse("{\"lb\":\"" + new string('a', RenewalMessage.MaxLength) + "\"}");

        Assert.Null(parsed.Message);
        Assert.Contains("more than", parsed.Problem, StringComparison.Ordinal);
    }
}
