namespace LbAcme.Renewal.Status;

/// <summary>One firing of the renewal timer (<see cref="Core.Store.StoreLayout.LastTimerRun"/>): when, and how many LBs it enqueued.</summary>
public sealed record TimerRun(DateTimeOffset At, int LoadBalancers);
