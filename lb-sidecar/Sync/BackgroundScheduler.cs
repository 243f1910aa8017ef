namespace LbAcme.Sidecar.Sync;

/// <summary>
/// Where the sidecar's background work runs (both syncs, peer probing), so none of it can run on the socket event
/// loop. Socket completions run inline on one event-loop thread (<see cref="Composition.SocketRuntimeDefaults"/>),
/// so code after a socket await runs on the thread that serves every challenge unless the await resumes elsewhere.
/// Safe by construction: with no SynchronizationContext (this process installs none) an await resumes on
/// <see cref="TaskScheduler.Current"/>, so every continuation of code started here is handed back to this
/// scheduler, which queues to the thread pool and never runs a task inline on a thread outside the pool (the
/// event loop is not a pool thread). Key generation, file writes, process starts: whatever a round does after an
/// await, written with care or not, lands on the pool. The one way out, ConfigureAwait(false), is refused in this
/// project by a test.
/// </summary>
internal sealed class BackgroundScheduler : TaskScheduler
{
    public static readonly BackgroundScheduler Instance = new();

    private BackgroundScheduler()
    {
    }

    /// <summary>Starts <paramref name="work"/> on this scheduler; it and every continuation in it run on the pool.</summary>
    public static Task Run(Func<Task> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, Instance).Unwrap();

    protected override void QueueTask(Task task) =>
        ThreadPool.UnsafeQueueUserWorkItem(static task => _ = Instance.TryExecuteTask(task), task, preferLocal: false);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread.IsThreadPoolThread && TryExecuteTask(task);

    /// <summary>Queued tasks live in the thread pool's queues, which are not enumerable.</summary>
    protected override IEnumerable<Task>? GetScheduledTasks() => null;
}
