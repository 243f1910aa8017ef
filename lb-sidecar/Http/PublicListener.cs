using LbAcme.Core.Challenges;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Peers;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// The public :80 the CA reaches through any VIP: challenge tokens from this LB, else from the peers; every
/// other request is redirected to https like the reference's <c>return 301 https://$host$request_uri</c>.
/// </summary>
internal sealed class PublicListener(ILocalChallenges local, IFanOut fanOut, SidecarMetrics metrics, MalformedRequests malformed)
{
    public const string Name = "public";

    private readonly ListenerMetrics _metrics = metrics.ForListener(Name);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!ChallengeToken.TryGetFromPath(request.Path.Value, out var token))
        {
            await RedirectToHttpsAsync(context);
            return;
        }
        if (!Responses.IsGetOrHead(request))
        {
            _metrics.Outcome(RequestOutcome.WrongMethod);
            await Responses.MethodNotAllowedAsync(context);
            return;
        }
        if (!ChallengeToken.IsValid(token))
        {
            _metrics.RejectedToken();
            await Responses.StatusAsync(context, StatusCodes.Status404NotFound);
            return;
        }
        if (await local.FindAsync(token, context.RequestAborted) is { } held)
        {
            _metrics.LocalHit(held.Source);
            await Responses.KeyAuthorizationAsync(context, held.KeyAuthorization);
            return;
        }
        var asked = await fanOut.AskPeersAsync(token, new FanOutHint(context.Request.Host.Host, context.Request.Headers[ChallengeHeaders.Owner], context.Connection.RemoteIpAddress), context.RequestAborted);
        switch (asked.Outcome)
        {
            case FanOutOutcome.Found:
                _metrics.PeerHit(asked.Peer!);
                await Responses.KeyAuthorizationAsync(context, asked.KeyAuthorization);
                break;
            case FanOutOutcome.Overloaded:
                _metrics.Outcome(RequestOutcome.Overloaded);
                context.Response.Headers.RetryAfter = "1";
                await Responses.StatusAsync(context, StatusCodes.Status503ServiceUnavailable);
                break;
            default:
                _metrics.Miss();
                await Responses.StatusAsync(context, StatusCodes.Status404NotFound);
                break;
        }
    }

    private Task RedirectToHttpsAsync(HttpContext context)
    {
        if (!HostHeader.TryGetRedirectHost(context.Request.Headers.Host.ToString(), out var host))
        {
            _metrics.Outcome(RequestOutcome.BadHost);
            malformed.Refused(context, Name, "a Host that is not a host");
            return Responses.StatusAsync(context, StatusCodes.Status400BadRequest);
        }
        if (!RequestTarget.TryGetRequestUri(context, out var uri))
        {
            _metrics.Outcome(RequestOutcome.BadTarget);
            malformed.Refused(context, Name, "control bytes in the target");
            return Responses.StatusAsync(context, StatusCodes.Status400BadRequest);
        }
        _metrics.Outcome(RequestOutcome.Redirect);
        context.Response.Headers.Location = "https://" + host + uri;
        return Responses.StatusAsync(context, StatusCodes.Status301MovedPermanently);
    }
}
