namespace LbAcme.Sidecar.Http;

/// <summary>The few answers both listeners give, written directly (no MVC, no routing: this is the hot path).</summary>
internal static class Responses
{
    public static Task KeyAuthorizationAsync(HttpContext context, ReadOnlyMemory<byte> keyAuthorization)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain";
        response.ContentLength = keyAuthorization.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(keyAuthorization, context.RequestAborted).AsTask();
    }

    public static Task StatusAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static Task MethodNotAllowedAsync(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD";
        return StatusAsync(context, StatusCodes.Status405MethodNotAllowed);
    }

    public static bool IsGetOrHead(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
}
