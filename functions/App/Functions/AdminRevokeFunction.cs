using LbAcme.Acme.Problems;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Revocation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// POST /api/operator/revoke {lb, certificate?, reason} (admin key): revokes that LB's stored copy of the certificate
/// (default: the fleet's first) and enqueues a forced renewal of that one certificate, so the LB gets a new one. A
/// certificate the CA had revoked already is said so and still renewed. What was done is in the answer and in one
/// structured log line (EventId 2621); the renewal that follows is journaled as every renewal is.
/// </summary>
public sealed class AdminRevokeFunction
{
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly CertificateRevocation _revocation;
    private readonly IRenewalRequests _queue;
    private readonly TimeProvider _time;

    public AdminRevokeFunction(IOptionsMonitor<FleetOptions> fleet, CertificateRevocation revocation, IRenewalRequests queue, TimeProvider time)
    {
        _fleet = fleet;
        _revocation = revocation;
        _queue = queue;
        _time = time;
    }

    /// <summary>The body: the LB, optionally the fleet certificate's name, and an RFC 5280 reason name.</summary>
    public sealed record RevokeRequest(string? Lb, string? Certificate, string? Reason);

    [Function(FunctionNames.RevokeCertificate)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "operator/revoke")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await AdminRequests.ReadAsync(request, new RevokeRequest(null, null, null), cancellationToken);
        if (body is null)
        {
            return AdminProblem.BadRequest(problem!);
        }
        var fleet = _fleet.CurrentValue;
        if (string.IsNullOrEmpty(body.Lb) || fleet.FindLoadBalancer(body.Lb) is not { } lb)
        {
            return AdminProblem.BadRequest(string.IsNullOrEmpty(body.Lb)
                ? "lb: required (the load balancer's name)"
                : $"lb: the fleet has no load balancer named '{body.Lb}'");
        }
        var certificates = FleetCertificates.All(fleet);
        var certificate = body.Certificate is null ? (certificates.Count > 0 ? certificates[0] : null) : FleetCertificates.Find(fleet, body.Certificate);
        if (certificate is null)
        {
            return AdminProblem.BadRequest($"certificate: the fleet has no certificate named '{body.Certificate}'; it has {string.Join(", ", certificates.Select(c => c.Name))}");
        }
        if (!RevocationReasons.TryParse(body.Reason, out var reason))
        {
            return AdminProblem.BadRequest($"reason: {(body.Reason is null ? "required" : $"'{body.Reason}' is not one")}; give one of {string.Join(", ", RevocationReasons.Names)}");
        }
        using var bounded = AdminRequests.Bound(cancellationToken);
        RevocationResult result;
        try
        {
            result = await _revocation.RevokeAsync(fleet, lb, certificate, reason.Value, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AdminProblem.Timeout(AdminRequests.Deadline);
        }
        catch (AcmeException e)
        {
            return AdminProblem.CaUnavailable(e.Message);
        }
        var answer = new Dictionary<string, object?>
        {
            ["lb"] = lb.Name,
            ["certificate"] = certificate.Name,
            ["storeName"] = result.StoreName,
            ["serial"] = result.Serial,
            ["notAfter"] = result.NotAfter,
            ["reason"] = RevocationReasons.Name(reason.Value),
            ["outcome"] = result.Outcome,
        };
        switch (result.Outcome)
        {
            case RevocationOutcome.NotStored:
                return AdminProblem.Result(StatusCodes.Status404NotFound, "notStored", "No such stored certificate", $"no certificate is stored as {result.StoreName}: nothing to revoke", answer);
            case RevocationOutcome.FromAnotherDirectory:
                return AdminProblem.Result(StatusCodes.Status409Conflict, "fromAnotherDirectory", "The certificate is another CA's",
                    $"{result.StoreName} was {result.Detail}: the fleet's account cannot revoke it; revoke it with that CA's tools", answer);
            case RevocationOutcome.Refused:
                return AdminProblem.Result(StatusCodes.Status409Conflict, "refused", "The CA refused the revocation", $"{result.ProblemType}: {result.Detail}", answer);
        }
        // Revoked now or before: either way the LB serves a revoked certificate until it gets a new one.
        var message = new RenewalMessage(lb.Name, FunctionNames.RevokeCertificate, Force: true, _time.GetUtcNow(), certificate.Name);
        var ids = await _queue.EnqueueAsync([message], CancellationToken.None);
        answer["signedWith"] = result.SignedWith;
        answer["detail"] = result.Outcome == RevocationOutcome.AlreadyRevoked
            ? $"{result.StoreName} serial {result.Serial} was already revoked ({result.Detail}); a new certificate is on its way anyway"
            : $"{result.StoreName} serial {result.Serial} is revoked ({RevocationReasons.Name(reason.Value)}); a new certificate is on its way";
        answer["renewal"] = new { messageId = ids[0], force = true, certificate = certificate.Name };
        answer["status"] = RenewFunction.StatusPath;
        return ApiJson.Result(answer, StatusCodes.Status200OK);
    }
}
