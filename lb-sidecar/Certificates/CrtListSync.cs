using LbAcme.Sidecar.HaProxy;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Keeps the crt-list in step with the fleet's certificates, on disk and in the running HAProxy. The file lists
/// each certificate's PEM in fleet order (the first is the default for a handshake matching no SNI), rewritten
/// atomically when that changes, so a later start or reload loads what runs now. The running HAProxy is asked what
/// it holds (<c>show ssl crt-list</c>) each round: a certificate it lacks is added, one no longer in the fleet is
/// removed, without a reload. HAProxy 2.6 refuses to remove the entry a bind uses as its default; that entry stays
/// as a stand-in holding the fleet's first certificate, so its old names are no longer served and a handshake
/// without a matching SNI gets the certificate the file makes default, until the next reload drops it.
/// </summary>
internal sealed partial class CrtListSync(AtomicPemFile file, RuntimeCrtList runtime, CertificateHotSwap swap, bool useRuntimeApi, ILogger logger)
{
    /// <summary>Running default entries no longer in the fleet, and the serial of the fleet certificate each now holds.</summary>
    private readonly Dictionary<string, string> _standIns = new(StringComparer.Ordinal);
    private bool _notBoundLogged;

    public string Path => file.Path;

    /// <summary>Writes the crt-list when its lines changed: the certificates whose PEM exists (HAProxy refuses to start on a missing file).</summary>
    public void WriteFile(IReadOnlyList<CertificateSlot> slots)
    {
        var lines = slots.Where(s => s.Deployed is not null).Select(s => RuntimeNames.Escape(s.Target.PemPath)).ToList();
        if (lines.Count == 0)
        {
            return;
        }
        var text = string.Join('\n', lines) + "\n";
        if (file.ReadCurrent() == text)
        {
            return;
        }
        file.Replace(text);
        LogWroteCrtList(logger, file.Path, lines.Count);
    }

    /// <summary>Adds and removes certificates in the running HAProxy; the problems, empty when it matches the fleet or is not running.</summary>
    public async Task<IReadOnlyList<(string Certificate, string Problem)>> ReconcileAsync(IReadOnlyList<CertificateSlot> slots, CancellationToken cancellationToken)
    {
        if (!useRuntimeApi)
        {
            return [];
        }
        IReadOnlyList<string>? running;
        try
        {
            running = await runtime.ShowAsync(cancellationToken);
        }
        catch (Exception e) when (e is RuntimeApiUnreachableException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return []; // not running: it reads the file at its start
        }
        if (running is null)
        {
            if (!_notBoundLogged)
            {
                LogNotBound(logger, runtime.Path);
                _notBoundLogged = true;
            }
            return [];
        }
        _notBoundLogged = false;
        var problems = new List<(string, string)>();
        var wanted = slots.Where(s => s.Deployed is not null).ToList();
        var holding = running.ToHashSet(StringComparer.Ordinal);
        foreach (var slot in wanted)
        {
            var path = slot.Target.RuntimeCertificatePath;
            if (holding.Contains(path) && !_standIns.ContainsKey(path))
            {
                continue;
            }
            if (slot.ReadPem() is not { } pem)
            {
                continue;
            }
            var added = holding.Contains(path)
                ? await swap.SwapAsync(path, pem, slot.Deployed!.Serial, cancellationToken)
                : await runtime.AddAsync(path, pem, slot.Deployed!.Serial, cancellationToken);
            if (added.Outcome == SwapOutcome.Swapped)
            {
                _standIns.Remove(path);
                LogAdded(logger, slot.Target.Certificate, path, slot.Deployed.Serial);
            }
            else
            {
                problems.Add((slot.Target.Certificate, $"adding {path} to the running HAProxy: {added.Detail}"));
            }
        }
        var fleetPaths = slots.Select(s => s.Target.RuntimeCertificatePath).ToHashSet(StringComparer.Ordinal);
        foreach (var path in running.Where(p => !fleetPaths.Contains(p)))
        {
            var (outcome, detail) = await runtime.RemoveAsync(path, cancellationToken);
            switch (outcome)
            {
                case RemoveOutcome.Removed:
                    LogRemoved(logger, path, detail);
                    break;
                case RemoveOutcome.IsDefault:
                    if (await StandInAsync(path, wanted, cancellationToken) is { } problem)
                    {
                        problems.Add(("(removed)", problem));
                    }
                    break;
                default:
                    problems.Add(("(removed)", $"removing {path} from the running HAProxy: {detail}"));
                    break;
            }
        }
        return problems;
    }

    /// <summary>
    /// The removed certificate is the running default: its entry keeps the fleet's first certificate (swapped in
    /// once, and again whenever that one changes), so nothing serves the removed certificate's names any more.
    /// </summary>
    private async Task<string?> StandInAsync(string path, List<CertificateSlot> wanted, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0 || wanted[0].ReadPem() is not { } pem)
        {
            return $"{path} is no longer in the fleet but is the running HAProxy's default certificate, and no certificate is deployed to take its place";
        }
        var first = wanted[0];
        if (_standIns.TryGetValue(path, out var serial) && serial == first.Deployed!.Serial)
        {
            return null;
        }
        var swapped = await swap.SwapAsync(path, pem, first.Deployed!.Serial, cancellationToken);
        if (swapped.Outcome != SwapOutcome.Swapped)
        {
            return $"{path} is no longer in the fleet and is the running HAProxy's default; putting {first.Target.Certificate} in its place failed: {swapped.Detail}";
        }
        _standIns[path] = first.Deployed.Serial;
        LogStandIn(logger, path, first.Target.Certificate, file.Path);
        return null;
    }

    [LoggerMessage(EventId = 3515, Level = LogLevel.Information, Message = "Wrote the crt-list {CrtList} with {Count} certificate(s)")]
    private static partial void LogWroteCrtList(ILogger logger, string crtList, int count);

    [LoggerMessage(EventId = 3516, Level = LogLevel.Information, Message = "Added certificate {Certificate} ({Path}, serial {Serial}) to the running HAProxy without a reload")]
    private static partial void LogAdded(ILogger logger, string certificate, string path, string serial);

    [LoggerMessage(EventId = 3517, Level = LogLevel.Information, Message = "Removed {Path}, no longer in the fleet, from the running HAProxy: {Detail}")]
    private static partial void LogRemoved(ILogger logger, string path, string detail);

    [LoggerMessage(EventId = 3518, Level = LogLevel.Warning, Message = "{Path} is no longer in the fleet but HAProxy uses it as its default certificate and will not delete it before a reload; it now holds {Certificate}, so its old names are not served. {CrtList} no longer lists it: the next reload drops it")]
    private static partial void LogStandIn(ILogger logger, string path, string certificate, string crtList);

    [LoggerMessage(EventId = 3519, Level = LogLevel.Warning, Message = "The running HAProxy does not bind with the crt-list {CrtList}; certificates added to or removed from the fleet reach it at its next reload (render the configuration with 'lb-sidecar render haproxy')")]
    private static partial void LogNotBound(ILogger logger, string crtList);
}
