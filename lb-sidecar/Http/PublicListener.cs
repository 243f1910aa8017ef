using LbAcme.Core.Challenges;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Peers;
using Microsoft.AspNetCore.Http.Features;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// The public :80 the CA reaches through any VIP: challenge tokens from this LB, else from the peers; every
/// other request is redirected to https like the reference's <c>return 301 https://$host$request_uri</c>.
/// </summary>
internal sealed class PublicListener(ILocalChallenges local, IFanOut fanOut, SidecarMetrics metrics)
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
            return Responses.StatusAsync(context, StatusCodes.Status400BadRequest);
        }
        _metrics.Outcome(RequestOutcome.Redirect);
        context.Response.Headers.Location = "https://" + host + RequestUri(context);
        return Responses.StatusAsync(context, StatusCodes.Status301MovedPermanently);
    }

    /// <summary>nginx's $request_uri: the target as the client sent it (Kestrel has already refused control characters and non-ASCII).</summary>
    private static string RequestUri(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            return raw;
        }
        // Absolute-form ("GET http://x/y") or asterisk-form targets: rebuild from the parsed, escaped parts.
        return context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
    }
}
