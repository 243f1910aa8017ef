using LbAcme.Core.Challenges;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Metrics;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// The peers-only :31080: this LB's own tokens and nothing else. It never asks other peers, so a fan-out
/// cannot loop; anything but a challenge GET/HEAD is 403, as the reference's <c>deny all</c>. Only sources in
/// <c>Peers:AllowedNetworks</c> get here: the others' connections are closed on accept (<see cref="Admission.ConnectionAdmission"/>).
/// </summary>
internal sealed class PeerListener(ILocalChallenges local, SidecarMetrics metrics)
{
    public const string Name = "peer";

    private readonly ListenerMetrics _metrics = metrics.ForListener(Name);

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!ChallengeToken.TryGetFromPath(request.Path.Value, out var token) || !Responses.IsGetOrHead(request))
        {
            _metrics.Outcome(RequestOutcome.Forbidden);
            return Responses.StatusAsync(context, StatusCodes.Status403Forbidden);
        }
        if (!ChallengeToken.IsValid(token))
        {
            _metrics.RejectedToken();
            return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
        }
        var found = local.FindAsync(token, context.RequestAborted);
        return found.IsCompletedSuccessfully ? AnswerAsync(context, found.Result) : AnswerWhenReadAsync(context, found);
    }

    private async Task AnswerWhenReadAsync(HttpContext context, ValueTask<LocalChallenge?> found) => await AnswerAsync(context, await found);

    private Task AnswerAsync(HttpContext context, LocalChallenge? held)
    {
        if (held is not null)
        {
            _metrics.LocalHit(held.Source);
            return Responses.KeyAuthorizationAsync(context, held.KeyAuthorization);
        }
        _metrics.Miss();
        return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
    }
}
