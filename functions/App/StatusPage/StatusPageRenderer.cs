using System.Globalization;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Core.Text;
using LbAcme.Renewal.Status;

namespace LbAcme.Functions.StatusPage;

/// <summary>
/// The fleet status document as one self-contained page: no script, no external resource, one style element
/// allowed by its hash. The DOM is a contract with the browser tests (functions/README.md "Status page"): main#fleet,
/// section.lb[data-lb] holding table.certificates (one tr.certificate[data-certificate] per fleet certificate, with
/// td.certificate, td.names, td.state, td.issued, td.deployed, td.served, td.waiting, td.problem, td.action) and
/// table.addresses, section.vips, tr.address[data-address][data-kind][data-server-name][data-certificate] with td.state
/// (display text), td.certificate, td.serial, td.expires, td.problem, td.action, every state in data-state as its label,
/// p.run for the runs.
/// </summary>
public static class StatusPageRenderer
{
    private static readonly string[] Columns = ["Address", "SNI", "Certificate", "State", "Serial served", "Issued serial", "Expires in", "Problem", "Next check", "Action"];

    private static readonly string[] CertificateColumns = ["Certificate", "Names", "State", "Issued", "Deployed (sidecar)", "Served", "Waiting", "Next check", "Problem", "Action"];

    public static RenderedStatusPage Render(FleetStatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new HtmlWriter();
        html.Raw("<!DOCTYPE html>\n").Open("html", ("lang", "en")).Open("head")
            .Raw("<meta charset=\"utf-8\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />")
            .Element("title", null, $"lb-acme: {document.State.Display()}")
            .Raw("<style>").Raw(StatusPageStyle.Css).Raw("</style>")
            .Close("head").Open("body")
            .Open("main", ("id", "fleet"), ("data-state", document.State.Label()))
            .Open("h1").Text("lb-acme fleet ").Element("span", "badge", document.State.Display()).Close("h1");
        Header(html, document);
        foreach (var lb in document.LoadBalancers)
        {
            Lb(html, lb, document.GeneratedAt);
        }
        html.Open("section", ("class", "vips")).Element("h2", null, "VIPs");
        // A probe that ran and saw no VIP means the fleet names none (a loopback fleet, or round-robin DNS to LB addresses).
        Table(html, document.Vips, null, document.GeneratedAt, document.Probe is null ? "No VIP probed yet." : "No VIP: Fleet:Vips is empty.");
        html.Close("section").Close("main").Close("body").Close("html");
        return new RenderedStatusPage(html.ToString(), StatusPageHeaders.ContentSecurityPolicy(StatusPageStyle.Hash));
    }

    private static void Header(HtmlWriter html, FleetStatusDocument document)
    {
        var probe = document.Probe is { } p
            ? $"Probe {At(p.Started)}, {Duration(p.Finished - p.Started)}: {p.Addresses.ToString(CultureInfo.InvariantCulture)} address(es), {p.Unreachable.ToString(CultureInfo.InvariantCulture)} unreachable."
            : "No probe has run yet: the served columns are empty until the next timer run or POST /api/probe.";
        html.Element("p", "generated muted", $"Generated {At(document.GeneratedAt)}. {probe}");
        html.Open("p", ("class", "run"))
            .Text($"Last run: {(document.LastRun is { } last ? At(last) : "none recorded")}. Next run: {(document.NextRun is { } next ? At(next) : "unknown")}.");
        if (document.RunOverdue)
        {
            html.Text(" ").Element("span", "overdue",
                "Overdue: no renewal run for more than twice the schedule. Check that the function app runs (RenewalTimer in Application Insights) and its RenewalSchedule setting.");
        }
        html.Close("p");
    }

    private static void Lb(HtmlWriter html, LbStatusEntry lb, DateTimeOffset now)
    {
        html.Open("section", ("class", "lb"), ("data-lb", lb.Lb), ("data-state", lb.State.Label()))
            .Open("h2").Text(lb.Lb + " ").Element("span", "badge", lb.State.Display()).Close("h2")
            .Element("p", "summary", lb.Summary);
        if (lb.Action is { } action)
        {
            html.Element("p", "action", "What to do: " + action);
        }
        var issued = lb.Issued is { } i ? $"{i.Serial} (not after {At(i.NotAfter)})" : "none";
        var deployed = Deployed(lb.Deployed);
        var attempt = lb.LastAttempt is { } a ? $"{At(a)} {lb.LastOutcome}" : "none";
        // The LB's top-level facts are its first certificate's (the table below has every certificate).
        var first = lb.Certificates is { Count: > 1 } all ? $"Certificate {all[0].Certificate}: " : "";
        html.Element("p", "facts muted", $"{first}Issued: {issued}. Deployed (sidecar): {deployed}. Last attempt: {attempt}. Next check: {NextCheck(lb)}.");
        if (lb.LastProblem is { } problem)
        {
            html.Element("p", "last-problem", "Last problem: " + problem);
        }
        Certificates(html, lb);
        Table(html, lb.Addresses, lb, now, "Not probed yet.");
        html.Close("section");
    }

    /// <summary>One row per certificate of the LB: what is issued, deployed and served of it, and a limit its order waits for.</summary>
    private static void Certificates(HtmlWriter html, LbStatusEntry lb)
    {
        html.Open("table", ("class", "certificates")).Open("thead").Open("tr");
        foreach (var column in CertificateColumns)
        {
            html.Element("th", null, column);
        }
        html.Close("tr").Close("thead").Open("tbody");
        foreach (var certificate in lb.Certificates ?? [])
        {
            var served = certificate.Addresses.Select(a => a.Served?.Serial).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var waiting = certificate.WaitingUntil is { } until ? $"until {At(until)}: {certificate.WaitingFor ?? "a Let's Encrypt limit"}" : "-";
            html.Open("tr", ("class", "certificate"), ("data-certificate", certificate.Certificate), ("data-state", certificate.State.Label()))
                .Element("td", "certificate", certificate.Certificate)
                .Element("td", "names", certificate.Names.Count == 0 ? "-" : string.Join(" ", certificate.Names))
                .Element("td", "state", certificate.State.Display())
                .Element("td", "issued", certificate.Issued is { } i ? $"{i.Serial} (not after {At(i.NotAfter)})" : "none")
                .Element("td", "deployed", Deployed(certificate.Deployed))
                .Element("td", "served", served.Count == 0 ? "-" : string.Join(" ", served))
                .Element("td", "waiting", waiting)
                .Element("td", "next-check", certificate.NextCheck is { } next ? At(next) : "next timer run")
                .Element("td", "problem", certificate.State == CertificateState.Ok ? "" : certificate.Summary)
                .Element("td", "action", certificate.Action ?? "")
                .Close("tr");
        }
        html.Close("tbody").Close("table");
    }

    private static string Deployed(DeployedCertificateEntry? deployed) => deployed is { } d
        ? $"{d.Serial ?? "none"}{(d.ReportedAt is { } r ? " at " + At(r) : "")}{(d.Result is { } result ? ": " + result : "")}"
        : "no report";

    private static void Table(HtmlWriter html, IReadOnlyList<AddressStatusEntry> rows, LbStatusEntry? lb, DateTimeOffset now, string empty)
    {
        html.Open("table", ("class", "addresses")).Open("thead").Open("tr");
        foreach (var column in Columns)
        {
            html.Element("th", null, column);
        }
        html.Close("tr").Close("thead").Open("tbody");
        if (rows.Count == 0)
        {
            html.Open("tr", ("class", "none")).Open("td", ("colspan", Columns.Length.ToString(CultureInfo.InvariantCulture))).Text(empty).Close("td").Close("tr");
        }
        foreach (var row in rows)
        {
            // The issued serial of the certificate this SNI should select (an older document's rows name none: the LB's first).
            var certificate = lb?.Certificates?.FirstOrDefault(c => c.Certificate == row.Certificate);
            var issued = certificate is not null ? certificate.Issued : lb?.Issued;
            var nextCheck = lb is null ? "-" : (certificate is not null ? certificate.NextCheck : lb.NextCheck) is { } next ? At(next) : "next timer run";
            html.Open("tr", ("class", "address"), ("data-address", row.Address), ("data-kind", Kind(row.Kind)),
                    ("data-server-name", row.ServerName), ("data-certificate", row.Certificate), ("data-state", row.State.Label()))
                .Element("td", "address", row.Address)
                .Element("td", "sni", row.ServerName)
                .Element("td", "certificate", row.Certificate ?? "-")
                .Element("td", "state", row.State.Display())
                .Element("td", "serial", row.Served?.Serial ?? "-")
                .Element("td", "issued", issued?.Serial ?? "-")
                .Element("td", "expires", row.Served is { } served ? $"{StatusDurations.Describe(served.NotAfter - now)} ({At(served.NotAfter)})" : "-")
                .Element("td", "problem", row.State == CertificateState.Ok ? "" : row.Summary)
                .Element("td", "next-check", nextCheck)
                .Element("td", "action", row.Action ?? "")
                .Close("tr");
        }
        html.Close("tbody").Close("table");
    }

    /// <summary>"vip" or "lb": the kind's JSON name, so the page and the document cannot spell it differently.</summary>
    private static string Kind(ServedAddressKind kind) => JsonEnumNames.Of(kind, StatusJson.Default.ServedAddressKind);

    private static string NextCheck(LbStatusEntry lb) => lb.NextCheck is { } next ? At(next) : "next timer run";

    private static string At(DateTimeOffset at) => StatusDurations.At(at);

    private static string Duration(TimeSpan span) => span < TimeSpan.FromSeconds(1)
        ? $"{Math.Round(span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms"
        : StatusDurations.Describe(span);
}
