namespace LbAcme.Sidecar.HaProxy;

/// <summary>
/// Puts a verified PEM where HAProxy reads it and into the running HAProxy. The file is written first (a Runtime
/// API change lives in memory only, so a later reload must find the new file). Then: hot swap; if HAProxy is not
/// reachable, the reload command (if any), else it loads the file at its next start; if HAProxy refuses the
/// certificate, the reload command, and if that fails too the previous file goes back so a restart cannot load
/// a certificate HAProxy refused. A certificate the running HAProxy does not hold yet (new to the fleet) is added to
/// its crt-list (<paramref name="crtList"/>) instead of swapped.
/// </summary>
internal sealed class CertificateApplier(AtomicPemFile file, CertificateHotSwap swap, RuntimeCrtList? crtList, string runtimeCertificatePath, bool useRuntimeApi, ReloadCommand reload)
{
    /// <summary>The file this applier writes.</summary>
    public AtomicPemFile File => file;

    public async Task<ApplyResult> ApplyAsync(string pem, string serial, CancellationToken cancellationToken)
    {
        file.Replace(pem);
        var swapped = useRuntimeApi
            ? await swap.SwapAsync(runtimeCertificatePath, pem, serial, cancellationToken)
            : new SwapResult(SwapOutcome.Unreachable, "no Runtime API socket configured");
        if (swapped.Outcome == SwapOutcome.NotLoaded && crtList is not null)
        {
            swapped = await crtList.AddAsync(runtimeCertificatePath, pem, serial, cancellationToken);
            if (swapped.Outcome == SwapOutcome.Swapped)
            {
                return new ApplyResult(ApplyOutcome.HotSwapped, "added to the running HAProxy's crt-list through the Runtime API");
            }
        }
        if (swapped.Outcome == SwapOutcome.Swapped)
        {
            return new ApplyResult(ApplyOutcome.HotSwapped, "hot-swapped through the Runtime API");
        }
        if (!reload.IsConfigured)
        {
            return swapped.Outcome == SwapOutcome.Unreachable
                ? new ApplyResult(ApplyOutcome.WrittenOnly, $"written; HAProxy loads it at its next start ({swapped.Detail})")
                : RollBack($"HAProxy refused it ({swapped.Detail}), no reload command configured");
        }
        var (ok, detail) = await reload.RunAsync(cancellationToken);
        if (ok)
        {
            return new ApplyResult(ApplyOutcome.Reloaded, $"reloaded: {detail} (Runtime API: {swapped.Detail})");
        }
        return swapped.Outcome == SwapOutcome.Unreachable
            ? new ApplyResult(ApplyOutcome.WrittenOnly, $"written; HAProxy not reachable ({swapped.Detail}) and reload failed ({detail}); it loads the file at its next start")
            : RollBack($"HAProxy refused it ({swapped.Detail}) and reload failed ({detail})");
    }

    /// <summary>Not cancellable: a half-done apply must not keep a file HAProxy refused.</summary>
    private ApplyResult RollBack(string why)
    {
        var restored = file.RestorePrevious();
        return new ApplyResult(ApplyOutcome.Failed, why + (restored ? "; previous file restored" : "; no previous file to restore"));
    }
}
