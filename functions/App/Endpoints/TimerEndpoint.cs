using System.Text.Json;
using LbAcme.Functions.HostContract;
using LbAcme.Renewal.Runs;

namespace LbAcme.Functions.Endpoints;

/// <summary>
/// POST /RenewalTimer from the Functions host (or the local runner): one run over the fleet. Answers the
/// host's contract; a run with a failed LB is a failed invocation (500) so monitoring sees it, with every
/// LB's outcome in Logs either way.
/// </summary>
public static class TimerEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, IRenewalRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        InvocationRequest? invocation;
        try
        {
            invocation = await JsonSerializer.DeserializeAsync<InvocationRequest>(request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException e)
        {
            return Results.Json(new InvocationResponse { Logs = [$"The host payload is not JSON: {e.Message}"] }, statusCode: StatusCodes.Status400BadRequest);
        }
        var timer = TimerPayload.Read(invocation ?? new InvocationRequest(), FunctionNames.TimerBinding);
        var logs = timer.Warnings.Select(w => $"timer payload: {w}").ToList();
        if (timer.IsPastDue)
        {
            logs.Add("timer is past due; running now");
        }
        return await RunAsync(runner, new RunRequest(FunctionNames.RenewalTimer), logs, cancellationToken);
    }

    /// <summary>Runs and shapes the answer the host expects; shared with the local runner's in-process path.</summary>
    public static async Task<IResult> RunAsync(IRenewalRunner runner, RunRequest run, List<string> logs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(logs);
        RunReport report;
        try
        {
            report = await runner.RunAsync(run, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logs.Add($"run failed before any LB: {e.Message}");
            return Results.Json(new InvocationResponse { Logs = logs }, statusCode: StatusCodes.Status500InternalServerError);
        }
        logs.AddRange(report.Outcomes.Select(Describe));
        var response = new InvocationResponse { Logs = logs, ReturnValue = report };
        return Results.Json(response, statusCode: report.AnyFailed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK);
    }

    public static string Describe(LbOutcome o) =>
        $"{o.Lb}: {o.Outcome}" + (o.Reason is null ? string.Empty : $" ({o.Reason})")
        + (o.Serial is null ? string.Empty : $" serial {o.Serial}")
        + (o.NotAfter is null ? string.Empty : $" not after {o.NotAfter:O}")
        + (o.Detail is null ? string.Empty : $": {o.Detail}");
}
