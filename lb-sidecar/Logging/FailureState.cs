namespace LbAcme.Sidecar.Logging;

/// <summary>What a failure changed, and so whether it is worth a line.</summary>
internal enum FailureChange
{
    /// <summary>Still failing for the same reason: already logged, stay quiet.</summary>
    None,

    /// <summary>The first failure after working: log it with the retry schedule.</summary>
    Started,

    /// <summary>
    /// Still failing, for another reason than the last one: worth a Debug line only, since a store going away
    /// typically fails first on its open connections ("reset") and then on new ones ("refused").
    /// </summary>
    ReasonChanged,
}

/// <summary>An outage that just ended: how many attempts failed and for how long.</summary>
internal readonly record struct Outage(int Failures, TimeSpan Duration)
{
    public string Took => Durations.Describe(Duration);
}

/// <summary>
/// The failure state of one retrying loop (a store poll, a sync round, a status write), so the loop logs once when
/// it starts failing and once when it works again; never once per retry. Not
/// thread-safe: each loop runs its rounds one after another.
/// </summary>
internal sealed class FailureState(TimeProvider time)
{
    private int _failures;
    private long _since;
    private string? _reason;

    public int Failures => _failures;

    public FailureChange Fail(string reason)
    {
        _failures++;
        if (_failures == 1)
        {
            _since = time.GetTimestamp();
            _reason = reason;
            return FailureChange.Started;
        }
        if (!string.Equals(reason, _reason, StringComparison.Ordinal))
        {
            _reason = reason;
            return FailureChange.ReasonChanged;
        }
        return FailureChange.None;
    }

    /// <summary>Records a success: the outage it ended, or null when nothing was failing.</summary>
    public Outage? Recover()
    {
        if (_failures == 0)
        {
            return null;
        }
        var outage = new Outage(_failures, time.GetElapsedTime(_since));
        _failures = 0;
        _reason = null;
        return outage;
    }
}
