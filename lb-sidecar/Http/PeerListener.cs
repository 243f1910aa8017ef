using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// The peers-only :31080: this LB's own tokens and nothing else. It never asks other peers, so a fan-out
/// cannot loop; anything but a challenge GET/HEAD is 403, as the reference's <c>deny all</c>.
/// </summary>
internal sealed class PeerListener(ILocalChallenges local, PeerAllowList allowList, SidecarMetrics metrics)
{
    public const string Name = "peer";

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!allowList.Allows(context.Connection.RemoteIpAddress))
        {
            metrics.Request(Name, "forbidden");
            return Responses.StatusAsync(context, StatusCodes.Status403Forbidden);
        }
        if (!ChallengeToken.TryGetFromPath(request.Path.Value, out var token) || !Responses.IsGetOrHead(request))
        {
            metrics.Request(Name, "forbidden");
            return Responses.StatusAsync(context, StatusCodes.Status403Forbidden);
        }
        if (!ChallengeToken.IsValid(token))
        {
            metrics.RejectedToken(Name);
            metrics.Request(Name, "rejected");
            return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
        }
        if (local.Find(token) is { } held)
        {
            metrics.LocalHit(Name, held.Source);
            metrics.Request(Name, "local_hit");
            return Responses.KeyAuthorizationAsync(context, held.KeyAuthorization);
        }
        metrics.Miss(Name);
        metrics.Request(Name, "miss");
        return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
    }
}
