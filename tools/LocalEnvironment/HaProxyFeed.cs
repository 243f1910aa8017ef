namespace LbAcme.LocalEnvironment;

/// <summary>
/// One LB's HAProxy as its sidecar feeds it: the folder with the PEM and the admin socket, the sidecar settings that
/// turn certificate sync on for them, and the wait for the self-signed bootstrap certificate HAProxy starts on.
/// </summary>
public sealed record HaProxyFeed(string Directory)
{
    public string PemPath => Path.Combine(Directory, "haproxy.pem");

    /// <summary>Where <see cref="HaProxyFixture"/> puts the Runtime API socket.</summary>
    public string SocketPath => Path.Combine(Directory, "admin.sock");

    public IReadOnlyList<string> SidecarArguments =>
    [
        "--Sidecar:CertificateSync:Enabled=true",
        $"--Sidecar:CertificateSync:PemPath={PemPath}",
        "--Sidecar:CertificateSync:Interval=00:00:01",
        $"--Fleet:HaProxy:RuntimeSocket={SocketPath}",
        "--Fleet:HaProxy:ReloadCommand=",
    ];

    public static HaProxyFeed Create(string directory) => new(System.IO.Directory.CreateDirectory(directory).FullName);

    /// <summary>Waits for the sidecar's bootstrap certificate; its output is in the error when none comes.</summary>
    public Task WaitForBootstrapAsync(Func<string> sidecarOutput, TimeSpan timeout) => WaitForBootstrapAsync(PemPath, sidecarOutput, timeout);

    /// <summary>The same, for a sidecar told to write its PEM to <paramref name="pemPath"/> rather than <see cref="PemPath"/>.</summary>
    public static async Task WaitForBootstrapAsync(string pemPath, Func<string> sidecarOutput, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(sidecarOutput);
        var until = DateTime.UtcNow + timeout;
        while (!File.Exists(pemPath))
        {
            if (DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"the sidecar wrote no bootstrap certificate to {pemPath}:\n{sidecarOutput()}");
            }
            await Task.Delay(50);
        }
    }
}
