namespace LbAcme.Functions.HostContract;

/// <summary>The timer binding's data, as far as it could be read; every part may be missing.</summary>
public sealed record TimerInfo(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next, IReadOnlyList<string> Warnings);
