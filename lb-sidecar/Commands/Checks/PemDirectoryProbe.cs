using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Logging;

namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>
/// The directory HAProxy's PEM is written to: this user can create (and remove) a file there, and hand it to
/// <c>CertificateSync:FileOwner</c> when one is set: the same steps a deploy takes, on a throwaway file.
/// A directory not there yet is fine when it can be created (a deploy creates it).
/// </summary>
internal static class PemDirectoryProbe
{
    private const string Name = "pem directory";

    public static Task<CheckRow> RunAsync(string pemPath, string fileOwner, TimeProvider time)
    {
        var directory = Path.GetDirectoryName(pemPath) ?? "/";
        return BoundedProbe.RunAsync(Name, directory, time, cancellationToken =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = time.GetTimestamp();
            var existing = directory;
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            {
                existing = parent;
            }
            var (uid, _) = Posix.EffectiveIds();
            var probe = Path.Combine(existing, $".lb-sidecar-check-{Environment.ProcessId}");
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
                {
                }
                if (!string.IsNullOrEmpty(fileOwner) && FileOwner.TryResolve(fileOwner, out var owner, out _) && !Posix.TryChangeOwner(probe, owner!, out var error))
                {
                    return Task.FromResult(Row(started, false, $"writable, but the PEM cannot be handed to CertificateSync:FileOwner '{fileOwner}': {error}"));
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return Task.FromResult(Row(started, false,
                    $"not writable by uid {uid}: cannot create a file in {existing} (mode {UnixMode.Of(existing)}): {FailureReason.FirstLine(e.Message)}"));
            }
            finally
            {
                File.Delete(probe);
            }
            var owned = string.IsNullOrEmpty(fileOwner) ? "" : $", handed to {fileOwner}";
            return Task.FromResult(Row(started, true, existing == directory
                ? $"writable by uid {uid}{owned}"
                : $"not there yet; {existing} is writable by uid {uid}{owned}, the first deploy creates it"));

            CheckRow Row(long since, bool ok, string detail) => new(Name, directory, true, time.GetElapsedTime(since), ok, detail);
        });
    }
}
