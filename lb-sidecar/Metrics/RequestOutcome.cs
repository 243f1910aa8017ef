namespace LbAcme.Sidecar.Metrics;

/// <summary>How a request on the public or peer listener ended: the <c>outcome</c> label of lbacme_sidecar_requests_total.</summary>
internal enum RequestOutcome
{
    LocalHit,
    PeerHit,
    Miss,
    Rejected,
    Forbidden,
    WrongMethod,
    Overloaded,
    BadHost,
    BadTarget,
    Redirect,
}

internal static class RequestOutcomeLabels
{
    public static readonly RequestOutcome[] All = Enum.GetValues<RequestOutcome>();

    public static string Label(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.LocalHit => "local_hit",
        RequestOutcome.PeerHit => "peer_hit",
        RequestOutcome.Miss => "miss",
        RequestOutcome.Rejected => "rejected",
        RequestOutcome.Forbidden => "forbidden",
        RequestOutcome.WrongMethod => "method",
        RequestOutcome.Overloaded => "overloaded",
        RequestOutcome.BadHost => "bad_host",
        RequestOutcome.BadTarget => "bad_target",
        RequestOutcome.Redirect => "redirect",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
