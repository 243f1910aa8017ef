using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>The shared store: can this LB read its own challenge prefix's marker (what the challenge sync polls)?</summary>
internal static class ChallengeStoreProbe
{
    public static Task<CheckRow> RunAsync(IChallengeStore store, string self, StoreOptions options, TimeProvider time) =>
        BoundedProbe.RunAsync("store", options.Container, time, async cancellationToken =>
        {
            var started = time.GetTimestamp();
            var marker = await store.GetMarkerETagAsync(self, cancellationToken);
            return new CheckRow("store", options.Container, true, time.GetElapsedTime(started), true,
                marker is null ? $"no {StoreLayout.ChallengeMarker(self)} yet (listed every StoreFullListInterval)" : $"marker {marker}");
        });
}
