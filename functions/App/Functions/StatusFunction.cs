using LbAcme.Renewal.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LbAcme.Functions.Functions;

/// <summary>GET /api/status: per LB, issued vs deployed certificate, last attempt and outcome (Poisoned included), next planned check.</summary>
public sealed class StatusFunction
{
    private readonly IRenewalRunner _runner;

    public StatusFunction(IRenewalRunner runner) => _runner = runner;

    [Function(FunctionNames.Status)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiJson.Result(await _runner.GetStatusAsync(cancellationToken), StatusCodes.Status200OK);
    }
}
