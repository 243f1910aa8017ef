using LbAcme.Functions.Functions;

namespace LbAcme.Functions.Tests.Status;

/// <summary>JSON unless the Accept header prefers the page, by q-value and the most specific matching range.</summary>
public sealed class StatusMediaTypesTests
{
    [Theory]
    [InlineData(null, StatusMediaTypes.Json)]
    [InlineData("", StatusMediaTypes.Json)]
    [InlineData("*/*", StatusMediaTypes.Json)] // curl: a tie goes to JSON
    [InlineData("application/json", StatusMediaTypes.Json)]
    [InlineData("text/html", StatusMediaTypes.Html)]
    [InlineData("TEXT/HTML", StatusMediaTypes.Html)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", StatusMediaTypes.Html)] // a browser
    [InlineData("text/html;q=0.5, application/json", StatusMediaTypes.Json)]
    [InlineData("application/json;q=0.4, text/html;q=0.5", StatusMediaTypes.Html)]
    [InlineData("text/*;q=0.9, */*;q=0.1", StatusMediaTypes.Html)]
    [InlineData("text/*, application/*", StatusMediaTypes.Json)]
    [InlineData("text/html;q=0, */*", StatusMediaTypes.Json)] // the specific range's q=0 refuses the page
    [InlineData("application/json;q=0, */*;q=0.1", StatusMediaTypes.Html)]
    [InlineData("text/html; level=1; q=0.7, application/json; q=0.6", StatusMediaTypes.Html)]
    [InlineData("this is not a media type", StatusMediaTypes.Json)]
    [InlineData("text/plain", null)]
    [InlineData("application/json;q=0, text/html;q=0", null)]
    public void Accept_chooses_the_representation(string? accept, string? expected)
    {
        Assert.Equal(expected, StatusMediaTypes.Choose(accept));
    }
}
