namespace LbAcme.DaprRollout.Rig;

/// <summary>Where the rig keeps each file of its LB, under one directory.</summary>
public sealed record RolloutPaths(string Directory)
{
    public string FleetFile => Path.Combine(Directory, "fleet.json");

    public string TrustedRoots => Path.Combine(Directory, "trusted-roots.pem");

    /// <summary>The PEM HAProxy's bind loads and the sidecar hot-swaps.</summary>
    public string Pem => Path.Combine(Directory, "live", RolloutLb.ServiceName, "haproxy");

    public string HaProxyDirectory => Path.Combine(Directory, "haproxy");

    /// <summary>Where <c>HaProxyFixture</c> puts the Runtime API socket of a HAProxy started in <see cref="HaProxyDirectory"/>.</summary>
    public string HaProxySocket => Path.Combine(HaProxyDirectory, "admin.sock");

    public string Webroot => Path.Combine(Directory, "webroot");

    /// <summary><c>lb-sidecar render dapr --out</c>: daprd.env (daprd's flags) and components/ (its --resources-path).</summary>
    public string DaprRendered => Path.Combine(Directory, "dapr");

    public static RolloutPaths Create(string directory)
    {
        var paths = new RolloutPaths(directory);
        foreach (var folder in new[] { Path.GetDirectoryName(paths.Pem)!, paths.HaProxyDirectory, paths.Webroot, paths.DaprRendered })
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        return paths;
    }
}
