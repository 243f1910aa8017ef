using LbAcme.Acme.Problems;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Account;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// POST /api/operator/account/key-rollover (admin key): gives the fleet's ACME account a new key of the same type
/// (RFC 8555 §7.3.5), crash-safe as <see cref="AccountKeyRollover"/> says. Refused with 409 while another rollover or a
/// deactivation runs. The answer names the account and the old and new keys' thumbprints, never a key.
/// </summary>
public sealed class AdminKeyRolloverFunction
{
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly AccountKeyRollover _rollover;

    public AdminKeyRolloverFunction(IOptionsMonitor<FleetOptions> fleet, AccountKeyRollover rollover)
    {
        _fleet = fleet;
        _rollover = rollover;
    }

    [Function(FunctionNames.RollAccountKey)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "operator/account/key-rollover")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > 0 || request.Query.Count > 0)
        {
            return AdminProblem.BadRequest("this action takes no body and no query parameters");
        }
        using var bounded = AdminRequests.Bound(cancellationToken);
        KeyRolloverResult result;
        try
        {
            result = await _rollover.RollAsync(_fleet.CurrentValue, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AdminProblem.Timeout(AdminRequests.Deadline);
        }
        catch (AcmeException e)
        {
            return AdminProblem.CaUnavailable($"{e.Message}; if the key change was sent, the next renewal settles which key the CA knows");
        }
        if (result.Outcome == KeyRolloverOutcome.Busy)
        {
            return AdminProblem.Result(StatusCodes.Status409Conflict, "busy", "The account key is being changed", "another key rollover or a deactivation holds the account key lock; try again when it has ended");
        }
        return ApiJson.Result(new
        {
            account = result.Account,
            keyType = result.KeyType,
            oldThumbprint = result.OldThumbprint,
            newThumbprint = result.NewThumbprint,
            finishedInterrupted = result.FinishedInterrupted,
            detail = $"the account {result.Account} now signs with the new {result.KeyType} key {result.NewThumbprint}; the old key no longer finds it",
        }, StatusCodes.Status200OK);
    }
}
