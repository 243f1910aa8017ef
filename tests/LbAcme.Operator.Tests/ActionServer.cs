using Microsoft.AspNetCore.Http;

namespace LbAcme.Operator.Tests;

/// <summary>
/// The operator functions' stand-in: a <see cref="StatusServer"/> answering every request with the given status and
/// body (a redirect points elsewhere, optionally after a delay), so a test sees what the action command sent and how it
/// reads the answer.
/// </summary>
internal static class ActionServer
{
    public static Task<StatusServer> StartAsync(int status, string? body, string contentType = "application/json", TimeSpan? delay = null) =>
        StatusServer.StartAsync(async context =>
        {
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted);
            }
            context.Response.StatusCode = status;
            if (status is 301 or 302 or 307)
            {
                context.Response.Headers.Location = "http://127.0.0.1:9/api/operator/revoke";
            }
            if (body is not null)
            {
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body);
            }
        });
}
