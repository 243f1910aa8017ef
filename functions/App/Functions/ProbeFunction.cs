using System.Text.Json;
using LbAcme.Core.Status;
using LbAcme.Renewal.Served;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LbAcme.Functions.Functions;

/// <summary>
/// POST /api/probe: probes every VIP and LB address now, stores the report where the status reads it, and answers
/// it (200, the stored JSON). The probe's bounds (Probe:Timeout per address, Probe:MaxConcurrency) keep it far
/// from the 230 s an HTTP request may last for any fleet that fits them.
/// </summary>
public sealed class ProbeFunction(ServedProbeRecorder recorder)
{
    [Function(FunctionNames.Probe)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "probe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await recorder.RecordAsync(cancellationToken);
        return new ContentResult
        {
            Content = JsonSerializer.Serialize(report, StatusJson.Default.ServedReport),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
    }
}
