using LbAcme.Renewal.Runs;

namespace LbAcme.Functions.Endpoints;

/// <summary>
/// The HTTP functions. With enableForwardingHttpRequest the host forwards the original request
/// (path /api/...) and returns our response as is.
/// </summary>
public static class HttpEndpoints
{
    /// <summary>POST /api/renew[/{lb}][?force=true]: a run now, for one LB or all.</summary>
    public static async Task<IResult> RenewAsync(string? lb, bool? force, IRenewalRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        RunReport report;
        try
        {
            report = await runner.RunAsync(new RunRequest(FunctionNames.Renew, lb, force ?? false), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Results.NotFound(new { error = e.Message });
        }
        return Results.Json(report, statusCode: report.AnyFailed ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK);
    }

    /// <summary>GET /api/status: per LB, issued vs deployed, last attempt and outcome, next planned renewal.</summary>
    public static async Task<IResult> StatusAsync(IRenewalRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return Results.Json(await runner.GetStatusAsync(cancellationToken));
    }
}
