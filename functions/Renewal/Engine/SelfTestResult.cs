namespace LbAcme.Renewal.Engine;

/// <summary>How a self-test ended.</summary>
public enum SelfTestOutcome
{
    /// <summary>Every required address, and every reachable optional one, answered every key authorization.</summary>
    Passed,

    /// <summary>The owning LB never answered every token by the deadline (its sidecar has not synced them).</summary>
    OwnerUnanswered,

    /// <summary>The owner answered, but not every address did by the deadline (a broken fan-out or a stale LB).</summary>
    AddressesUnanswered,
}

/// <summary>Why one probe failed.</summary>
public enum SelfTestProblem
{
    /// <summary>An HTTP status other than 200.</summary>
    HttpStatus,

    /// <summary>200, but not the key authorization deposited.</summary>
    WrongKeyAuthorization,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>The connection failed (refused, unreachable).</summary>
    Unreachable,
}

/// <summary>One probe that failed in the last round: the URL asked, the problem as a code, and the detail for people.</summary>
public sealed record SelfTestFailure(Uri Url, SelfTestProblem Problem, string Detail)
{
    public override string ToString() => $"{Url}: {Detail}";
}

/// <summary>A self-test's result: a code, and the probes that still failed when it gave up (empty when it passed).</summary>
public sealed record SelfTestResult(SelfTestOutcome Outcome, IReadOnlyList<SelfTestFailure> Failures)
{
    public static SelfTestResult Pass { get; } = new(SelfTestOutcome.Passed, []);

    public bool Passed => Outcome == SelfTestOutcome.Passed;

    /// <summary>Every failed probe, for a log line or an outcome's detail.</summary>
    public string Detail => string.Join("; ", Failures);
}
