using LbAcme.Core.Status;

namespace LbAcme.Operator.Status;

/// <summary>
/// <c>lb-acme status</c>'s exit codes, as Nagios-style checks, cron and CI read them: the worst of every LB, certificate and address.
/// </summary>
public enum StatusExitCode
{
    /// <summary>Every LB and every address is ok.</summary>
    Ok = 0,

    /// <summary>Something is rolling out or expiring: it should settle by itself, or soon needs a look.</summary>
    Warning = 1,

    /// <summary>Stuck, failing or unreachable somewhere, or the renewal runs stopped (run overdue).</summary>
    Critical = 2,

    /// <summary>The status could not be read: endpoint unreachable, key refused, not a document this command knows.</summary>
    Unknown = 3,
}

/// <summary>How a document's states map onto <see cref="StatusExitCode"/>.</summary>
public static class StatusVerdict
{
    public static StatusExitCode For(CertificateState state) => state switch
    {
        CertificateState.Ok => StatusExitCode.Ok,
        CertificateState.RollingOut or CertificateState.Expiring => StatusExitCode.Warning,
        _ => StatusExitCode.Critical,
    };

    /// <summary>The worst of the fleet's own state, every LB, every address (VIPs included) and the dead-man's switch.</summary>
    public static StatusExitCode For(FleetStatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var worst = For(document.State);
        foreach (var state in AllStates(document))
        {
            worst = Worse(worst, For(state));
        }
        return document.RunOverdue ? Worse(worst, StatusExitCode.Critical) : worst;
    }

    /// <summary>The LBs', their certificates' and every address's states.</summary>
    public static IEnumerable<CertificateState> AllStates(FleetStatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.LoadBalancers.SelectMany(lb => lb.Addresses.Select(a => a.State).Prepend(lb.State)
                .Concat((lb.Certificates ?? []).Select(c => c.State)))
            .Concat(document.Vips.Select(v => v.State));
    }

    /// <summary>The Nagios word for the code, e.g. "CRITICAL".</summary>
    public static string Word(this StatusExitCode code) => code switch
    {
        StatusExitCode.Ok => "OK",
        StatusExitCode.Warning => "WARNING",
        StatusExitCode.Critical => "CRITICAL",
        _ => "UNKNOWN",
    };

    private static StatusExitCode Worse(StatusExitCode a, StatusExitCode b) => a >= b ? a : b;
}
