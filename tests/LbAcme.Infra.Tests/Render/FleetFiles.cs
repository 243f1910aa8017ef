using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// A fleet.json in a scratch folder (HAProxy's certificate directory there too, with a throwaway PEM where the
/// rendered config names it) and the VRRP secret file; changes are made by editing the JSON tree.
/// </summary>
public sealed class FleetFiles : IDisposable
{
    public const string VrrpSecret = "Vr9!pass";

    public FleetFiles(int loadBalancers = 3, string[]? vips = null)
    {
        Directory = TestTools.NewScratchDirectory("render");
        CertificateDirectory = Path.Combine(Directory, "live");
        PassFile = Path.Combine(Directory, "vrrp-auth-pass");
        File.WriteAllText(PassFile, VrrpSecret + "\n");
        Json = new JsonObject
        {
            ["Fleet"] = new JsonObject
            {
                ["Names"] = new JsonArray("svc.example.com", "www.example.com"),
                ["AcmeDirectoryUrl"] = "https://acme-staging-v02.api.letsencrypt.org/directory",
                ["LoadBalancers"] = new JsonArray([.. Enumerable.Range(0, loadBalancers).Select(i => (JsonNode)new JsonObject { ["Name"] = $"lb{i}", ["Address"] = $"192.0.2.{10 + i}" })]),
                ["Vips"] = new JsonArray([.. (vips ?? ["198.51.100.1", "198.51.100.2", "2001:db8::1"]).Select(v => (JsonNode)JsonValue.Create(v))]),
                ["HaProxy"] = new JsonObject
                {
                    [nameof(CertificateDirectory)] = CertificateDirectory,
                    ["Service"] = new JsonObject
                    {
                        ["HealthCheckPath"] = "/healthz",
                        ["Servers"] = new JsonArray(
                            new JsonObject { ["Name"] = "app0", ["Address"] = "10.0.0.20", ["Port"] = 8080 },
                            new JsonObject { ["Name"] = "app1", ["Address"] = "app1.internal.example.com", ["Port"] = 8080 }),
                    },
                },
                ["Keepalived"] = new JsonObject
                {
                    ["Interface"] = "eth0",
                    ["AuthPassFile"] = PassFile,
                    ["CleanupScript"] = "/usr/lib/lb-acme/keepalived-vip-cleanup",
                    // The shipped script itself, so `keepalived -t` finds a real, root-owned script where the config names it.
                    ["HaProxyCheckScript"] = Path.Combine(TestTools.RepoRoot, "infra", "packaging", "keepalived-haproxy-check"),
                },
            },
            ["Sidecar"] = new JsonObject { ["LoadBalancer"] = "lb0", ["Webroot"] = "/run/acme/acme-challenge/" },
        };
    }

    public string Directory { get; }

    public string CertificateDirectory { get; }

    public string PassFile { get; }

    public JsonObject Json { get; }

    public string PemPath => Path.Combine(CertificateDirectory, "svc.example.com", "haproxy");

    /// <summary>Writes fleet.json as it stands now and returns its path.</summary>
    public string Write()
    {
        var path = Path.Combine(Directory, "fleet.json");
        File.WriteAllText(path, Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The crt-list the rendered haproxy.cfg binds with (Fleet:HaProxy:CrtList unset: beside the certificate directory).</summary>
    public string CrtListPath => Path.Combine(Directory, "haproxy.crt-list");

    /// <summary>A certificate's PEM: <c>{CertificateDirectory}/{its first name}/haproxy</c>.</summary>
    public string PemPathFor(string firstName) => Path.Combine(CertificateDirectory, firstName, "haproxy");

    /// <summary>A self-signed leaf and its key in one PEM, listed in the crt-list the rendered haproxy.cfg points at (what the sidecar writes on a fresh LB).</summary>
    public void WriteThrowawayPem() => WriteThrowawayPems("svc.example.com");

    /// <summary>A throwaway PEM per certificate (by first name) and the crt-list naming them in that order.</summary>
    public void WriteThrowawayPems(params string[] firstNames)
    {
        using var pki = new TestPki();
        foreach (var name in firstNames)
        {
            using var certificate = pki.IssueServerCertificate(name);
            using var key = certificate.GetECDsaPrivateKey()!;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PemPathFor(name))!);
            File.WriteAllText(PemPathFor(name), certificate.ExportCertificatePem() + "\n" + pki.Ca.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        File.WriteAllText(CrtListPath, string.Concat(firstNames.Select(n => PemPathFor(n) + "\n")));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
