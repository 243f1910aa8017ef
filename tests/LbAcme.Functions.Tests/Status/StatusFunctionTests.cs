using System.Text.Json;
using LbAcme.Core.Status;
using LbAcme.Functions.Functions;
using LbAcme.Functions.StatusPage;
using LbAcme.Renewal.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LbAcme.Functions.Tests.Status;

/// <summary>GET /api/status: the document as JSON by default with its stable names, the page for text/html, both uncacheable.</summary>
public sealed class StatusFunctionTests
{
    [Fact]
    public async Task By_default_the_answer_is_the_status_document_in_stable_web_names()
    {
        var (context, result) = await GetAsync(accept: null);

        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(StatusCodes.Status200OK, content.StatusCode);
        Assert.StartsWith("application/json", content.ContentType, StringComparison.Ordinal);
        var json = JsonDocument.Parse(content.Content!).RootElement;
        Assert.Equal(1, json.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("unreachable", json.GetProperty("state").GetString());
        Assert.True(json.GetProperty("runOverdue").GetBoolean());
        var lbs = json.GetProperty("loadBalancers").EnumerateArray().ToList();
        Assert.Equal(["ok", "expiring", "unreachable"], lbs.Select(l => l.GetProperty("state").GetString()));
        Assert.Equal("Failed", lbs[2].GetProperty("lastOutcome").GetString());
        var address = lbs[0].GetProperty("addresses").EnumerateArray().Single();
        Assert.Equal("lb", address.GetProperty("kind").GetString());
        Assert.Equal("0A", address.GetProperty("served").GetProperty("serial").GetString());
        Assert.Equal("vip", json.GetProperty("vips").EnumerateArray().Single().GetProperty("kind").GetString());
        Assert.Equal("0A", lbs[0].GetProperty("issued").GetProperty("serial").GetString());
        AssertCommonHeaders(context.Response.Headers);
        Assert.False(context.Response.Headers.ContainsKey("Content-Security-Policy"));
    }

    [Fact]
    public async Task A_browser_gets_the_page_with_its_security_headers()
    {
        var (context, result) = await GetAsync("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal("text/html; charset=utf-8", content.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", content.Content, StringComparison.Ordinal);
        Assert.Contains("<main id=\"fleet\" data-state=\"unreachable\">", content.Content, StringComparison.Ordinal);
        var headers = context.Response.Headers;
        AssertCommonHeaders(headers);
        Assert.Equal(StatusPageHeaders.ContentSecurityPolicy(StatusPageStyle.Hash), headers.ContentSecurityPolicy.ToString());
        Assert.Contains("frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Accept_that_refuses_both_is_answered_406_without_reading_the_stores()
    {
        var source = new CountingSource();
        var context = new DefaultHttpContext();
        context.Request.Headers.Accept = "text/plain";

        var result = await new StatusFunction(source).RunAsync(context.Request, CancellationToken.None);

        Assert.Equal(StatusCodes.Status406NotAcceptable, Assert.IsType<JsonResult>(result).StatusCode);
        Assert.Equal(0, source.Reads);
    }

    private static void AssertCommonHeaders(IHeaderDictionary headers)
    {
        Assert.Equal("no-store", headers.CacheControl.ToString());
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("no-referrer", headers["Referrer-Policy"].ToString());
        Assert.Equal("Accept", headers.Vary.ToString());
    }

    private static async Task<(HttpContext Context, IActionResult Result)> GetAsync(string? accept)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }
        var result = await new StatusFunction(new CountingSource()).RunAsync(context.Request, CancellationToken.None);
        return (context, result);
    }

    private sealed class CountingSource : IFleetStatusSource
    {
        public int Reads { get; private set; }

        public Task<FleetStatusDocument> GetAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(StatusDocuments.Sample());
        }
    }
}
