using System.Text.Json;
using LbAcme.Core.Status;
using LbAcme.Functions.StatusPage;
using LbAcme.Renewal.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace LbAcme.Functions.Functions;

/// <summary>
/// GET /api/status: the fleet status document (functions/README.md "Status document") as JSON, or with
/// <c>Accept: text/html</c> the same document as one self-contained page. Both are built now and never cached.
/// </summary>
public sealed class StatusFunction
{
    private readonly IFleetStatusSource _status;

    public StatusFunction(IFleetStatusSource status) => _status = status;

    [Function(FunctionNames.Status)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        StatusPageHeaders.ApplyCommon(headers);
        var mediaType = StatusMediaTypes.Choose(request.Headers.Accept);
        if (mediaType is null)
        {
            return ApiJson.Result(new { error = $"Accept: this endpoint answers {StatusMediaTypes.Json} or {StatusMediaTypes.Html}" }, StatusCodes.Status406NotAcceptable);
        }
        var document = await _status.GetAsync(cancellationToken);
        if (mediaType == StatusMediaTypes.Html)
        {
            var page = StatusPageRenderer.Render(document);
            headers[HeaderNames.ContentSecurityPolicy] = page.ContentSecurityPolicy;
            return new ContentResult { Content = page.Html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
        }
        return new ContentResult
        {
            Content = JsonSerializer.Serialize(document, StatusJson.Default.FleetStatusDocument),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
    }
}
