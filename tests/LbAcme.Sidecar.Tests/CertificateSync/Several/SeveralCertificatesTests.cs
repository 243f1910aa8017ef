using System.Collections.Concurrent;
using LbAcme.Core.Status;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync.Several;

/// <summary>
/// Several certificates on one LB, with a real lb-sidecar, a real HAProxy binding with the crt-list the sidecar
/// writes, and the certificate store in a real Azurite: each certificate is served for its own SNI, deployed,
/// refused, added and removed on its own, while HAProxy keeps running and handshakes keep succeeding.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class SeveralCertificatesTests(CertificateSyncEnvironment env)
{
    private static readonly TestCertificate Main = new("default", "main.example.test", "www.main.example.test");
    private static readonly TestCertificate Api = new("api", "api.example.test");
    private static readonly TestCertificate Shop = new("shop", "shop.example.test", "cart.shop.example.test");
    private static readonly TestCertificate Blog = new("blog", "blog.example.test");

    [Fact]
    public async Task Three_certificates_are_served_by_SNI_after_the_first_sync_and_status_has_one_entry_each()
    {
        await using var lb = await SeveralCertificatesLb.StartAsync(env, "sv1", "127.0.16.1", [Main, Api, Shop]);
        var issued = new Dictionary<TestCertificate, IssuedPemView>();
        foreach (var certificate in new[] { Main, Api, Shop })
        {
            var pem = lb.Issue(certificate);
            issued[certificate] = new(pem.Serial, await lb.PutAsync(certificate, pem.Bundle));
        }

        foreach (var (certificate, pem) in issued)
        {
            await lb.WaitServedAsync(certificate.Sni, pem.Serial, $"{certificate.Name} served for {certificate.Sni}");
        }
        // The second name of a certificate is served by it too, and a handshake naming nothing known gets the first.
        Assert.Equal(issued[Shop].Serial, await lb.ServedSerialAsync("cart.shop.example.test"));
        Assert.Equal(issued[Main].Serial, await lb.ServedSerialAsync("unknown.example.test"));
        Assert.Equal([lb.PemPath(Main), lb.PemPath(Api), lb.PemPath(Shop)], await File.ReadAllLinesAsync(lb.CrtListPath));

        DeployStatus? status = null;
        await CertificateSyncEnvironment.WaitForAsync(async () => (status = await lb.ReadStatusAsync())?.Certificates?.All(c => c.Outcome == DeployOutcome.Deployed) == true
            && status.Certificates.Count == 3, TimeSpan.FromSeconds(15), "status with three deployed certificates", lb.Sidecar);
        Assert.Equal(["default", "api", "shop"], status!.Certificates!.Select(c => c.Certificate));
        Assert.Equal([issued[Main].Serial, issued[Api].Serial, issued[Shop].Serial], status.Certificates!.Select(c => c.Serial));
        Assert.Equal(issued[Main].Serial, status.Serial); // top level: the first certificate
        Assert.Equal(issued[Main].Version, status.StoreVersion);
        Assert.All(status.Certificates!, c => Assert.Equal("hot_swap", c.Reason));

        // Metrics per certificate: the same series names, a certificate label.
        using var http = SidecarHttp.Create();
        var metrics = await MetricsScrape.ReadAsync(http, lb.Sidecar.MetricsUri);
        foreach (var certificate in new[] { Main, Api, Shop })
        {
            Assert.Equal(1, metrics.Sum("lbacme_sidecar_certificate_syncs_total", $"certificate=\"{certificate.Name}\"", "outcome=\"deployed\""));
            Assert.Equal(0, metrics.Sum("lbacme_sidecar_certificate_bootstrap", $"certificate=\"{certificate.Name}\""));
            Assert.Equal(1, metrics.Sum("lbacme_sidecar_certificate_info", $"certificate=\"{certificate.Name}\"", $"serial=\"{issued[certificate].Serial}\""));
        }

        // check: one store row per certificate, each reading this LB's copy.
        var check = await CommandRunner.RunSidecarAsync(
            ["check", "--config", lb.ConfigPath, $"--Sidecar:LoadBalancer={lb.Lb}", $"--Sidecar:ListenAddress={lb.Slot.Address}", .. lb.Arguments]);
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
        Assert.Matches(@"certificate store \(default\)\s+\S+\s+yes\s+\d+ ms\s+ok\s+reads lbacme-sv1 ", check.StandardOutput);
        Assert.Matches(@"certificate store \(api\)\s+\S+\s+yes\s+\d+ ms\s+ok\s+reads lbacme-api-sv1 ", check.StandardOutput);
        Assert.Matches(@"certificate store \(shop\)\s+\S+\s+yes\s+\d+ ms\s+ok\s+reads lbacme-shop-sv1 ", check.StandardOutput);
    }

    [Fact]
    public async Task One_certificate_refused_for_wrong_names_leaves_the_others_deploying_and_then_a_new_version_of_one_is_hot_swapped_alone()
    {
        await using var lb = await SeveralCertificatesLb.StartAsync(env, "sv2", "127.0.16.2", [Main, Api, Shop]);
        var main = lb.Issue(Main);
        var shop = lb.Issue(Shop);
        var wrong = lb.Issue(Api, ["elsewhere.example.test"]);
        await lb.PutAsync(Main, main.Bundle);
        var wrongVersion = await lb.PutAsync(Api, wrong.Bundle);
        await lb.PutAsync(Shop, shop.Bundle);

        await lb.WaitServedAsync(Main.Sni, main.Serial, "main deployed beside a refused api");
        await lb.WaitServedAsync(Shop.Sni, shop.Serial, "shop deployed beside a refused api");
        DeployStatus? status = null;
        await CertificateSyncEnvironment.WaitForAsync(async () => (status = await lb.ReadStatusAsync())?.Certificates?.SingleOrDefault(c => c.Certificate == "api")?.StoreVersion == wrongVersion,
            TimeSpan.FromSeconds(15), "status about the refused api version", lb.Sidecar);
        var api = status!.Certificates!.Single(c => c.Certificate == "api");
        Assert.Equal(DeployOutcome.Refused, api.Outcome);
        Assert.Equal("wrong_names", api.Reason);
        Assert.True(api.SelfSigned, "api still serves its bootstrap certificate");
        Assert.NotEqual(wrong.Serial, await lb.ServedSerialAsync(Api.Sni));
        Assert.Contains("Refused lbacme-api-sv2", lb.Sidecar.Output, StringComparison.Ordinal);

        // A new version of one certificate under a bounded handshake loop over all three names: zero failures, same HAProxy.
        var pid = lb.HaProxy.ProcessId;
        var apiServed = await lb.ServedSerialAsync(Api.Sni);
        var renewed = lb.Issue(Shop);
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<(string Sni, string Serial), int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var loop = HandshakeLoop.RunAsync(lb, [Main.Sni, Api.Sni, Shop.Sni], seen, failures, stop.Token);
        await Task.Delay(300);
        await lb.PutAsync(Shop, renewed.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(seen.ContainsKey((Shop.Sni, renewed.Serial))), TimeSpan.FromSeconds(15), "the renewed shop in a handshake", lb.Sidecar);
        await Task.Delay(300);
        await stop.CancelAsync();
        var handshakes = await loop;

        Assert.Empty(failures);
        Assert.True(handshakes > 30, $"only {handshakes} handshakes");
        Assert.True(seen.ContainsKey((Shop.Sni, shop.Serial)), "no handshake saw the old shop certificate: the swap was not under load");
        Assert.Equal([main.Serial], seen.Keys.Where(k => k.Sni == Main.Sni).Select(k => k.Serial).Distinct());
        Assert.Equal([apiServed], seen.Keys.Where(k => k.Sni == Api.Sni).Select(k => k.Serial).Distinct());
        Assert.Equal(pid, lb.HaProxy.ProcessId);
        Assert.False(lb.HaProxy.HasExited);
    }

    [Fact]
    public async Task A_certificate_added_to_and_removed_from_the_fleet_file_reaches_the_running_HAProxy_without_a_reload_or_a_failed_handshake()
    {
        await using var lb = await SeveralCertificatesLb.StartAsync(env, "sv3", "127.0.16.3", [Main, Api, Shop]);
        var main = lb.Issue(Main);
        var api = lb.Issue(Api);
        var shop = lb.Issue(Shop);
        var blog = lb.Issue(Blog);
        await lb.PutAsync(Main, main.Bundle);
        await lb.PutAsync(Api, api.Bundle);
        await lb.PutAsync(Shop, shop.Bundle);
        await lb.PutAsync(Blog, blog.Bundle); // issued before the LB carries it, as the engine does once the fleet names it
        await lb.WaitServedAsync(Shop.Sni, shop.Serial, "shop deployed");
        await lb.WaitServedAsync(Api.Sni, api.Serial, "api deployed");
        await lb.WaitServedAsync(Main.Sni, main.Serial, "main deployed");
        var pid = lb.HaProxy.ProcessId;
        var sidecarPid = lb.Sidecar.ProcessId;
        Assert.Equal(main.Serial, await lb.ServedSerialAsync(Blog.Sni)); // not carried yet: the default answers

        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<(string Sni, string Serial), int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var loop = HandshakeLoop.RunAsync(lb, [Main.Sni, Api.Sni, Shop.Sni], seen, failures, stop.Token);

        lb.WriteFleet([Main, Api, Shop, Blog]);
        await lb.WaitServedAsync(Blog.Sni, blog.Serial, "blog served after the fleet file gained it");
        Assert.Equal([lb.PemPath(Main), lb.PemPath(Api), lb.PemPath(Shop), lb.PemPath(Blog)], await File.ReadAllLinesAsync(lb.CrtListPath));

        lb.WriteFleet([Main, Api, Blog]);
        await CertificateSyncEnvironment.WaitForAsync(async () => await lb.ServedSerialAsync(Shop.Sni) != shop.Serial, TimeSpan.FromSeconds(20), "shop no longer served", lb.Sidecar);
        await stop.CancelAsync();
        var handshakes = await loop;

        Assert.Equal(main.Serial, await lb.ServedSerialAsync(Shop.Sni)); // its name now falls to the default
        Assert.Equal(main.Serial, await lb.ServedSerialAsync(Main.Sni));
        Assert.Equal(api.Serial, await lb.ServedSerialAsync(Api.Sni));
        Assert.Equal(blog.Serial, await lb.ServedSerialAsync(Blog.Sni));
        Assert.Equal([lb.PemPath(Main), lb.PemPath(Api), lb.PemPath(Blog)], await File.ReadAllLinesAsync(lb.CrtListPath));
        Assert.Empty(failures);
        Assert.True(handshakes > 30, $"only {handshakes} handshakes");
        Assert.Equal([main.Serial], seen.Keys.Where(k => k.Sni == Main.Sni).Select(k => k.Serial).Distinct());
        Assert.Equal([api.Serial], seen.Keys.Where(k => k.Sni == Api.Sni).Select(k => k.Serial).Distinct());
        Assert.Equal(pid, lb.HaProxy.ProcessId);
        Assert.Equal(sidecarPid, lb.Sidecar.ProcessId);
        Assert.False(lb.Sidecar.HasExited);
        Assert.Matches("Deployed certificate blog .*added to the running HAProxy's crt-list", lb.Sidecar.Output);
        Assert.Contains($"Removed {lb.PemPath(Shop)}", lb.Sidecar.Output, StringComparison.Ordinal);
        DeployStatus? status = null;
        await CertificateSyncEnvironment.WaitForAsync(async () => (status = await lb.ReadStatusAsync())?.Certificates?.Select(c => c.Certificate).SequenceEqual(["default", "api", "blog"]) == true,
            TimeSpan.FromSeconds(15), "status without shop", lb.Sidecar);
    }

    [Fact]
    public async Task Removing_the_first_certificate_which_HAProxy_will_not_delete_as_its_default_stops_serving_its_names_and_the_new_first_answers_unknown_names()
    {
        await using var lb = await SeveralCertificatesLb.StartAsync(env, "sv4", "127.0.16.4", [Main, Api]);
        var main = lb.Issue(Main);
        var api = lb.Issue(Api);
        await lb.PutAsync(Main, main.Bundle);
        await lb.PutAsync(Api, api.Bundle);
        await lb.WaitServedAsync(Main.Sni, main.Serial, "main deployed");
        await lb.WaitServedAsync(Api.Sni, api.Serial, "api deployed");
        var pid = lb.HaProxy.ProcessId;

        lb.WriteFleet([Api]);
        await CertificateSyncEnvironment.WaitForAsync(async () => await lb.ServedSerialAsync(Main.Sni) == api.Serial, TimeSpan.FromSeconds(20), "main's name answered by api", lb.Sidecar);

        Assert.Equal(api.Serial, await lb.ServedSerialAsync("unknown.example.test"));
        Assert.Equal(api.Serial, await lb.ServedSerialAsync(Api.Sni));
        Assert.Equal([lb.PemPath(Api)], await File.ReadAllLinesAsync(lb.CrtListPath));
        Assert.Equal(pid, lb.HaProxy.ProcessId);
        Assert.Contains("uses it as its default certificate", lb.Sidecar.Output, StringComparison.Ordinal);
        // A later renewal of the new first certificate reaches the stand-in entry too.
        var renewed = lb.Issue(Api);
        await lb.PutAsync(Api, renewed.Bundle);
        await lb.WaitServedAsync(Api.Sni, renewed.Serial, "renewed api");
        await lb.WaitServedAsync("unknown.example.test", renewed.Serial, "renewed api as the default");
    }

    [Fact]
    public async Task An_invalid_fleet_file_is_refused_with_its_errors_and_every_certificate_keeps_serving()
    {
        await using var lb = await SeveralCertificatesLb.StartAsync(env, "sv5", "127.0.16.5", [Main, Api]);
        var main = lb.Issue(Main);
        var api = lb.Issue(Api);
        await lb.PutAsync(Main, main.Bundle);
        await lb.PutAsync(Api, api.Bundle);
        await lb.WaitServedAsync(Api.Sni, api.Serial, "api deployed");
        await lb.WaitServedAsync(Main.Sni, main.Serial, "main deployed");

        // Two certificates claiming one name is not a fleet the validator accepts.
        lb.WriteFleet([Main, new TestCertificate("api", "main.example.test")]);
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(lb.Sidecar.Output.Contains("Reload refused", StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "the refusal", lb.Sidecar);
        await Task.Delay(1000);

        Assert.False(lb.Sidecar.HasExited);
        Assert.Contains("Fleet:Certificates", lb.Sidecar.Output[lb.Sidecar.Output.IndexOf("Reload refused", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(api.Serial, await lb.ServedSerialAsync(Api.Sni));
        Assert.Equal(main.Serial, await lb.ServedSerialAsync(Main.Sni));
        Assert.Equal([lb.PemPath(Main), lb.PemPath(Api)], await File.ReadAllLinesAsync(lb.CrtListPath));
    }

    private sealed record IssuedPemView(string Serial, string Version);
}
