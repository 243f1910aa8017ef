using LbAcme.Sidecar.Metrics;

namespace LbAcme.Sidecar.Http;

/// <summary>GET /metrics in the Prometheus text format, on its own (loopback by default) listener.</summary>
internal sealed class MetricsListener(SidecarMetrics metrics)
{
    public const string Name = "metrics";

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/metrics" || !HttpMethods.IsGet(context.Request.Method))
        {
            await Responses.StatusAsync(context, StatusCodes.Status404NotFound);
            return;
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
    }
}
