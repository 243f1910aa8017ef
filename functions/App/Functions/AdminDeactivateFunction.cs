using LbAcme.Acme.Problems;
using LbAcme.Renewal.Account;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LbAcme.Functions.Functions;

/// <summary>
/// POST /api/operator/account/deactivate {confirm: "the account URL"} (admin key): deactivates the fleet's ACME account
/// for good (RFC 8555 §7.3.6). Without the exact URL it refuses, and names the account so the operator can check it is
/// the one meant. Afterwards the key is archived and the next renewal registers a new account with a new key.
/// </summary>
public sealed class AdminDeactivateFunction
{
    private readonly AccountDeactivation _deactivation;

    public AdminDeactivateFunction(AccountDeactivation deactivation) => _deactivation = deactivation;

    /// <summary>The body: the account's URL, exactly as the CA gives it.</summary>
    public sealed record DeactivateRequest(string? Confirm);

    [Function(FunctionNames.DeactivateAccount)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "operator/account/deactivate")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await AdminRequests.ReadAsync(request, new DeactivateRequest(null), cancellationToken);
        if (body is null)
        {
            return AdminProblem.BadRequest(problem!);
        }
        using var bounded = AdminRequests.Bound(cancellationToken);
        try
        {
            if (!Uri.TryCreate(body.Confirm, UriKind.Absolute, out var confirm))
            {
                // Irreversible: no default, but say which account a confirmation would have to name.
                var account = await _deactivation.FindAsync(bounded.Token);
                return AdminProblem.Result(StatusCodes.Status400BadRequest, "notConfirmed", "Deactivation needs the account's URL",
                    (body.Confirm is null ? "confirm: required" : "confirm: not an absolute URL")
                    + (account is null ? "; the fleet has no account now" : $"; deactivating cannot be undone: to deactivate {account}, send confirm: \"{account}\""),
                    new Dictionary<string, object?> { ["account"] = account });
            }
            var result = await _deactivation.DeactivateAsync(confirm, bounded.Token);
            var named = new Dictionary<string, object?> { ["account"] = result.Account };
            return result.Outcome switch
            {
                DeactivationOutcome.Busy => AdminProblem.Result(StatusCodes.Status409Conflict, "busy", "The account key is being changed", "a key rollover or another deactivation holds the account key lock; try again when it has ended"),
                DeactivationOutcome.NoAccount => AdminProblem.Result(StatusCodes.Status404NotFound, "noAccount", "No account to deactivate", "no account key is stored, or the CA has no account for it: the next renewal registers one"),
                DeactivationOutcome.NotConfirmed => AdminProblem.Result(StatusCodes.Status409Conflict, "notConfirmed", "The confirmation names another account",
                    $"confirm {confirm} is not the fleet's account {result.Account}: nothing was deactivated", named),
                _ => ApiJson.Result(new
                {
                    account = result.Account,
                    deactivated = true,
                    archivedKey = result.ArchivedKeyName,
                    detail = $"the ACME account {result.Account} is DEACTIVATED and cannot be used again; its key is kept as {result.ArchivedKeyName}; the next renewal run registers a new account with a new key",
                }, StatusCodes.Status200OK),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AdminProblem.Timeout(AdminRequests.Deadline);
        }
        catch (AcmeException e)
        {
            return AdminProblem.CaUnavailable(e.Message);
        }
    }
}
