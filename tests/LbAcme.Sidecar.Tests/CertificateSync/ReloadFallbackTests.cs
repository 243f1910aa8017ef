using LbAcme.Core.Status;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>lb2 has no HAProxy admin socket: the certificate is written and the configured reload command runs.</summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class ReloadFallbackTests(CertificateSyncEnvironment env)
{
    [Fact]
    public async Task Without_the_admin_socket_the_file_is_written_and_the_reload_command_is_run_once()
    {
        var record = Path.Combine(env.Directory, "lb2-reloads.txt");
        var script = Path.Combine(env.Directory, "reload-haproxy.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\necho reloaded >> '{record}'\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var missingSocket = Path.Combine(env.Directory, "lb2", "no-such-admin.sock");
        await using var sidecar = await env.StartSidecarAsync("lb2", env.SyncArguments("lb2", env.Azurite.ConnectionString, missingSocket, reload: script));
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(File.Exists(env.PemPath("lb2"))), TimeSpan.FromSeconds(20), "lb2 bootstrap PEM", sidecar);
        Assert.False(File.Exists(record)); // a bootstrap only writes the file: a running HAProxy already serves something

        var issued = env.IssueNext();
        await env.PutCertificateAsync("lb2", issued.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(async () => (await env.ReadStatusAsync("lb2"))?.Serial == issued.Serial, TimeSpan.FromSeconds(15), "status/lb2 with the new serial", sidecar);

        Assert.Contains(issued.LeafPem, await File.ReadAllTextAsync(env.PemPath("lb2")), StringComparison.Ordinal);
        Assert.Equal(["reloaded"], await File.ReadAllLinesAsync(record));
        var status = (await env.ReadStatusAsync("lb2"))!;
        Assert.Equal(DeployOutcome.Deployed, status.Outcome);
        Assert.Equal("reload", status.Reason);
    }
}
