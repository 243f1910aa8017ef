using System.Collections.Concurrent;
using LbAcme.Renewal.Budgets;

namespace LbAcme.Renewal.Tests.Budgets;

/// <summary>
/// <see cref="IIssuanceBudgets"/> in memory, for planner and orchestrator tests. It keeps the blob store's protocol
/// (read a version, decide with <see cref="BudgetDocument"/>, write only if the version is unchanged, else again)
/// rather than a lock, so a test of it exercises the same read-decide-conditional-write loop.
/// </summary>
internal sealed class InMemoryIssuanceBudgets : IIssuanceBudgets
{
    private readonly ConcurrentDictionary<string, (BudgetDocument Document, long Version)> _blobs = new();
    private long _writes;
    private int _lostRaces;

    /// <summary>Writes refused because another writer changed the budget first.</summary>
    public int LostRaces => _lostRaces;

    /// <summary>Runs between a read and its conditional write: a test uses it to let a competitor in.</summary>
    public Func<Task>? BetweenReadAndWrite { get; set; }

    public Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Read(names).Document.LiveAt(now));

    public async Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (document, version) = Read(names);
            var changed = document.TryReserve(lb, now, stagger, out var reservation, out var nextAllowed);
            if (changed is null)
            {
                return ReservationAnswer.Refused(nextAllowed);
            }
            if (await TryWriteAsync(names, changed, version))
            {
                return new ReservationAnswer(reservation, nextAllowed);
            }
        }
    }

    public async Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (document, version) = Read(names);
            if (document.Without(reservation) is not { } changed || await TryWriteAsync(names, changed, version))
            {
                return;
            }
        }
    }

    /// <summary>Puts counted issuances of another LB in a set's budget, as earlier invocations would have.</summary>
    public void Seed(IReadOnlyCollection<string> names, params DateTimeOffset[] at) =>
        _blobs[NameSet.Id(names)] = (new BudgetDocument([.. names], [.. at.Select(t => new BudgetReservation(Guid.NewGuid().ToString("N"), t, "lb-other"))]), Interlocked.Increment(ref _writes));

    private (BudgetDocument Document, long Version) Read(IReadOnlyCollection<string> names) =>
        _blobs.TryGetValue(NameSet.Id(names), out var stored) ? stored : (new BudgetDocument([.. names], []), 0);

    private async Task<bool> TryWriteAsync(IReadOnlyCollection<string> names, BudgetDocument changed, long readVersion)
    {
        if (BetweenReadAndWrite is { } pause)
        {
            await pause();
        }
        var key = NameSet.Id(names);
        var next = (changed, Interlocked.Increment(ref _writes));
        var written = readVersion == 0
            ? _blobs.TryAdd(key, next)
            : _blobs.TryGetValue(key, out var current) && current.Version == readVersion && _blobs.TryUpdate(key, next, current);
        if (!written)
        {
            Interlocked.Increment(ref _lostRaces);
        }
        return written;
    }
}
