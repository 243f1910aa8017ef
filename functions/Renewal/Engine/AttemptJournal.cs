using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// Writes down how one certificate's attempt on one LB ended: its state (runs/state/{subject}.json: failure streak,
/// backoff, next check, what a due order waits for) and, for an order that was attempted, a runs/{subject}/ record;
/// and turns that end into the certificate's outcome. Every state passed in names its LB and certificate.
/// </summary>
public sealed class AttemptJournal
{
    private readonly IRunJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AttemptJournal(IRunJournal journal, TimeProvider time, ILogger<AttemptJournal> logger)
    {
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    /// <summary>Nothing due: only when to look again; nothing waits for a limit any more.</summary>
    public Task NextCheckAsync(LbState state, DateTimeOffset nextCheck, string nameSetKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _journal.SaveStateAsync(state with { NextCheck = nextCheck, DueReason = null, WaitingUntil = null, WaitingFor = null, NameSetKey = nameSetKey }, cancellationToken);
    }

    /// <summary>
    /// Due for <paramref name="reason"/> but waiting for a limit (<paramref name="limit"/>, a sentence) until
    /// <paramref name="allowedAt"/>: why, until when and for what (Status shows all three).
    /// </summary>
    public Task DeferredAsync(LbState state, string reason, DateTimeOffset allowedAt, string limit, string nameSetKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _journal.SaveStateAsync(state with { NextCheck = allowedAt, DueReason = reason, WaitingUntil = allowedAt, WaitingFor = limit, NameSetKey = nameSetKey }, cancellationToken);
    }

    /// <summary>An order starts: what it waited for is over. Written only when something was waiting, so a crash mid-order does not leave it shown.</summary>
    public async Task<LbState> OrderStartingAsync(LbState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.WaitingUntil is null && state.WaitingFor is null)
        {
            return state;
        }
        var started = state with { WaitingUntil = null, WaitingFor = null };
        await _journal.SaveStateAsync(started, cancellationToken);
        return started;
    }

    public async Task<LbOutcome> RenewedAsync(RunContext run, LbState state, DateTimeOffset started, string reason, Uri? orderUrl, StoredCertificateInfo imported, string nameSetKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(imported);
        var notAfter = new DateTimeOffset(imported.Leaf.NotAfter.ToUniversalTime());
        await _journal.SaveStateAsync(state with
        {
            LastAttempt = started,
            LastOutcome = LbOutcomeKind.Renewed,
            LastReason = reason,
            DueReason = null,
            WaitingUntil = null,
            WaitingFor = null,
            LastProblem = null,
            LastProblemType = null,
            LastFailureRetryable = false,
            ConsecutiveFailures = 0,
            NextAttempt = null,
            NextCheck = null,
            NameSetKey = nameSetKey,
        }, cancellationToken);
        await AppendAsync(run, state, started, LbOutcomeKind.Renewed, reason, orderUrl, null, imported.Leaf.SerialNumber, notAfter, cancellationToken);
        var certificate = CertificateOf(state);
        var serial = imported.Leaf.SerialNumber;
        EngineLog.Renewed(_logger, state.Lb, certificate, serial, notAfter);
        return new LbOutcome(state.Lb, LbOutcomeKind.Renewed, reason, null, serial, notAfter, null, Certificate: certificate);
    }

    /// <summary>
    /// Counts the failure, backs the certificate off (longer each time, never shorter than the CA's Retry-After) and
    /// journals it. Never throws: a journal that cannot be written must not hide the failure itself.
    /// </summary>
    public async Task<LbOutcome> FailedAsync(RunContext run, LbState state, DateTimeOffset started, Uri? orderUrl, Exception error, string nameSetKey)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(error);
        var failures = state.ConsecutiveFailures + 1;
        var nextAttempt = FailureBackoff.NextAttempt(started, failures, (error as AcmeException)?.RetryAfter);
        var problemType = (error as AcmeProblemException)?.ErrorType ?? error.GetType().Name;
        var retryable = FailureRetry.IsPromptlyRetryable(error);
        try
        {
            await _journal.SaveStateAsync(state with
            {
                LastAttempt = started,
                LastOutcome = LbOutcomeKind.Failed,
                LastProblem = error.Message,
                LastProblemType = problemType,
                LastFailureRetryable = retryable,
                ConsecutiveFailures = failures,
                NextAttempt = nextAttempt,
                NameSetKey = nameSetKey,
            }, CancellationToken.None);
            await AppendAsync(run, state, started, LbOutcomeKind.Failed, problemType, orderUrl, error, null, null, CancellationToken.None);
        }
        catch (Exception journalError) when (journalError is not OperationCanceledException)
        {
            EngineLog.JournalFailed(_logger, Subjects.Of(state), journalError.Message);
        }
        var certificate = CertificateOf(state);
        var detail = error.Message;
        EngineLog.Failed(_logger, state.Lb, certificate, problemType, detail);
        return new LbOutcome(state.Lb, LbOutcomeKind.Failed, problemType, detail, null, null, nextAttempt, retryable, certificate);
    }

    private static string CertificateOf(LbState state) => state.Certificate ?? FleetCertificates.DefaultName;

    private Task AppendAsync(RunContext run, LbState state, DateTimeOffset started, LbOutcomeKind outcome, string? reason, Uri? orderUrl, Exception? error, string? serial, DateTimeOffset? notAfter, CancellationToken cancellationToken) =>
        _journal.AppendAsync(new RunRecord(run.RunId, state.Lb, run.Trigger, started, _time.GetUtcNow(), outcome, reason, orderUrl,
            (error as AcmeProblemException)?.Problem.Type, error?.Message, serial, notAfter, CertificateOf(state)), cancellationToken);
}
