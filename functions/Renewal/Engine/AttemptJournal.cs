using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// Writes down how an LB's attempt ended: its state (runs/state/{lb}.json: failure streak, backoff, next check)
/// and, for an order that was attempted, a runs/ record; and turns that end into the LB's outcome.
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

    /// <summary>Nothing due: only when to look again.</summary>
    public Task NextCheckAsync(LbState state, DateTimeOffset nextCheck, string nameSetKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _journal.SaveStateAsync(state with { NextCheck = nextCheck, DueReason = null, NameSetKey = nameSetKey }, cancellationToken);
    }

    /// <summary>Due for <paramref name="reason"/> but deferred by the name set's budget: why, and when to look again (Status shows both).</summary>
    public Task DeferredAsync(LbState state, string reason, DateTimeOffset allowedAt, string nameSetKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _journal.SaveStateAsync(state with { NextCheck = allowedAt, DueReason = reason, NameSetKey = nameSetKey }, cancellationToken);
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
            LastProblem = null,
            LastProblemType = null,
            ConsecutiveFailures = 0,
            NextAttempt = null,
            NextCheck = null,
            NameSetKey = nameSetKey,
        }, cancellationToken);
        await AppendAsync(run, state.Lb, started, LbOutcomeKind.Renewed, reason, orderUrl, null, imported.Leaf.SerialNumber, notAfter, cancellationToken);
        EngineLog.Renewed(_logger, state.Lb, imported.Leaf.SerialNumber, notAfter);
        return new LbOutcome(state.Lb, LbOutcomeKind.Renewed, reason, null, imported.Leaf.SerialNumber, notAfter, null);
    }

    /// <summary>
    /// Counts the failure, backs the LB off (longer each time, never shorter than the CA's Retry-After) and journals
    /// it. Never throws: a journal that cannot be written must not hide the failure itself.
    /// </summary>
    public async Task<LbOutcome> FailedAsync(RunContext run, LbState state, DateTimeOffset started, Uri? orderUrl, Exception error, string nameSetKey)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(error);
        var failures = state.ConsecutiveFailures + 1;
        var nextAttempt = FailureBackoff.NextAttempt(started, failures, (error as AcmeException)?.RetryAfter);
        var problemType = (error as AcmeProblemException)?.ErrorType ?? error.GetType().Name;
        try
        {
            await _journal.SaveStateAsync(state with
            {
                LastAttempt = started,
                LastOutcome = LbOutcomeKind.Failed,
                LastProblem = error.Message,
                LastProblemType = problemType,
                ConsecutiveFailures = failures,
                NextAttempt = nextAttempt,
                NameSetKey = nameSetKey,
            }, CancellationToken.None);
            await AppendAsync(run, state.Lb, started, LbOutcomeKind.Failed, problemType, orderUrl, error, null, null, CancellationToken.None);
        }
        catch (Exception journalError) when (journalError is not OperationCanceledException)
        {
            EngineLog.JournalFailed(_logger, state.Lb, journalError.Message);
        }
        EngineLog.Failed(_logger, state.Lb, problemType, error.Message);
        return new LbOutcome(state.Lb, LbOutcomeKind.Failed, problemType, error.Message, null, null, nextAttempt, FailureRetry.IsPromptlyRetryable(error));
    }

    private Task AppendAsync(RunContext run, string lb, DateTimeOffset started, LbOutcomeKind outcome, string? reason, Uri? orderUrl, Exception? error, string? serial, DateTimeOffset? notAfter, CancellationToken cancellationToken) =>
        _journal.AppendAsync(new RunRecord(run.RunId, lb, run.Trigger, started, _time.GetUtcNow(), outcome, reason, orderUrl,
            (error as AcmeProblemException)?.Problem.Type, error?.Message, serial, notAfter), cancellationToken);
}
