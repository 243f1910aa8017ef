using System.Security.Cryptography;
using System.Text;

namespace LbAcme.Functions.StatusPage;

/// <summary>The page's only style, inline, allowed by its hash in the Content-Security-Policy (so no 'unsafe-inline').</summary>
public static class StatusPageStyle
{
    public const string Css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;background:#fafafa}
        h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .3rem}
        table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem;background:#fff}
        th,td{border:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}
        th{background:#f0f0f0;font-weight:600}
        td.serial,td.issued,td.deployed,td.served,td.address,td.sni,td.names{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
        .badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:12px;font-weight:600;background:#ddd}
        [data-state=ok]>.state,[data-state=ok]>h2 .badge,main[data-state=ok]>h1 .badge{background:#cdeccd}
        [data-state=rolling_out]>.state,[data-state=rolling_out]>h2 .badge,main[data-state=rolling_out]>h1 .badge{background:#d6e6fb}
        [data-state=expiring]>.state,[data-state=expiring]>h2 .badge,main[data-state=expiring]>h1 .badge{background:#fbe7b5}
        [data-state=stuck]>.state,[data-state=stuck]>h2 .badge,main[data-state=stuck]>h1 .badge{background:#fbcfa5}
        [data-state=failing]>.state,[data-state=failing]>h2 .badge,main[data-state=failing]>h1 .badge{background:#f6b3b3}
        [data-state=unreachable]>.state,[data-state=unreachable]>h2 .badge,main[data-state=unreachable]>h1 .badge{background:#e2b6e8}
        .overdue{color:#a00000;font-weight:600}
        .summary,.action,.last-problem{margin:.15rem 0}.muted{color:#666}
        """;

    /// <summary>Base64 SHA-256 of <see cref="Css"/> exactly as the style element holds it.</summary>
    public static string Hash { get; } = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));
}
