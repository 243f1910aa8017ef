using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// POST /api/renew[/{lb}][?force=true][&amp;certificate={name}]: enqueues the LB (or every LB), for every certificate
/// of the fleet or only the one named, and answers 202 at once with where to watch; the orders run in RenewLb
/// invocations, far from the 230 s an HTTP request may last.
/// </summary>
public sealed class RenewFunction
{
    public const string StatusPath = "/api/status";

    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly RenewalEnqueuer _enqueuer;

    public RenewFunction(IOptionsMonitor<FleetOptions> fleet, RenewalEnqueuer enqueuer)
    {
        _fleet = fleet;
        _enqueuer = enqueuer;
    }

    [Function(FunctionNames.Renew)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "renew/{lb?}")] HttpRequest request,
        string? lb,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryReadForce(request.Query["force"], out var force))
        {
            return ApiJson.Result(new { error = "force must be true or false" }, StatusCodes.Status400BadRequest);
        }
        var fleet = _fleet.CurrentValue;
        string? certificate = request.Query["certificate"];
        if (certificate is not null && FleetCertificates.Find(fleet, certificate) is null)
        {
            return ApiJson.Result(new { error = $"the fleet has no certificate named '{certificate}'" }, StatusCodes.Status404NotFound);
        }
        IReadOnlyList<LoadBalancerOptions> lbs = fleet.LoadBalancers;
        if (!string.IsNullOrEmpty(lb))
        {
            if (fleet.FindLoadBalancer(lb) is not { } one)
            {
                return ApiJson.Result(new { error = $"the fleet has no load balancer named '{lb}'" }, StatusCodes.Status404NotFound);
            }
            lbs = [one];
        }
        var enqueued = await _enqueuer.EnqueueAsync(lbs, FunctionNames.Renew, force, isPastDue: false, cancellationToken, certificate);
        var body = new
        {
            enqueued = enqueued.Select(e => new { lb = e.Message.Lb, messageId = e.Id }).ToList(),
            certificate,
            force,
            status = StatusPath,
        };
        request.HttpContext.Response.Headers.Location = StatusPath;
        return ApiJson.Result(body, StatusCodes.Status202Accepted);
    }

    private static bool TryReadForce(string? text, out bool force)
    {
        force = false;
        return string.IsNullOrEmpty(text) || bool.TryParse(text, out force);
    }
}
