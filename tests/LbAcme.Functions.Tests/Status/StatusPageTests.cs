using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LbAcme.Core.Status;
using LbAcme.Functions.StatusPage;

namespace LbAcme.Functions.Tests.Status;

/// <summary>
/// The page read back as strict XML: the DOM the browser tests rely on, every hostile string kept as text, no script
/// and nothing loaded from anywhere, and a Content-Security-Policy whose hash is that of the page's one style element.
/// </summary>
public sealed class StatusPageTests
{
    private static readonly XNamespace None = XNamespace.None;

    [Fact]
    public void The_page_follows_the_DOM_contract()
    {
        var document = StatusDocuments.Sample();
        var page = Parse(StatusPageRenderer.Render(document).Html);

        var main = Assert.Single(page.Descendants("main"));
        Assert.Equal("fleet", (string?)main.Attribute("id"));
        Assert.Equal(document.State.Label(), (string?)main.Attribute("data-state"));
        var sections = main.Elements("section").Where(s => Class(s) == "lb").ToList();
        Assert.Equal(document.LoadBalancers.Select(l => l.Lb), sections.Select(s => (string?)s.Attribute("data-lb")));
        Assert.Equal(document.LoadBalancers.Select(l => l.State.Label()), sections.Select(s => (string?)s.Attribute("data-state")));
        foreach (var (section, lb) in sections.Zip(document.LoadBalancers))
        {
            var rows = Assert.Single(section.Elements("table"), t => Class(t) == "addresses").Descendants("tr").Where(r => Class(r) == "address").ToList();
            AssertRows(lb.Addresses, rows, "lb");
            var certificates = Assert.Single(section.Elements("table"), t => Class(t) == "certificates").Descendants("tr").Where(r => Class(r) == "certificate").ToList();
            AssertCertificates(lb.Certificates!, certificates);
        }
        var vips = Assert.Single(main.Elements("section"), s => Class(s) == "vips");
        AssertRows(document.Vips, vips.Descendants("tr").Where(r => Class(r) == "address").ToList(), "vip");
        var run = Assert.Single(main.Descendants("p"), p => Class(p) == "run");
        Assert.Contains("Last run: 2026-12-02 06:00 UTC", run.Value, StringComparison.Ordinal);
        Assert.Contains("Next run: 2026-12-02 09:17 UTC", run.Value, StringComparison.Ordinal);
        Assert.Contains("Overdue", run.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fleet_without_VIPs_says_so_once_a_probe_ran()
    {
        var probed = StatusDocuments.Sample() with { Vips = [] };
        var unprobed = probed with { Probe = null };

        Assert.Contains("No VIP: Fleet:Vips is empty.", Single(probed, "vips").Value, StringComparison.Ordinal);
        Assert.Contains("No VIP probed yet.", Single(unprobed, "vips").Value, StringComparison.Ordinal);
    }

    private static XElement Single(FleetStatusDocument document, string sectionClass) =>
        Assert.Single(Parse(StatusPageRenderer.Render(document).Html).Descendants("section"), s => Class(s) == sectionClass);

    [Fact]
    public void Hostile_names_and_problems_stay_text()
    {
        var html = StatusPageRenderer.Render(StatusDocuments.Sample()).Html;
        var page = Parse(html);

        Assert.Empty(page.Descendants("script"));
        Assert.Empty(page.Descendants("img"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        var hostile = Assert.Single(page.Descendants("section"), s => (string?)s.Attribute("data-lb") == StatusDocuments.HostileLb);
        Assert.Contains(StatusDocuments.HostileProblem, hostile.Value, StringComparison.Ordinal);
        var row = Assert.Single(hostile.Descendants("tr"), r => Class(r) == "address");
        Assert.Equal(StatusDocuments.HostileServerName, (string?)row.Attribute("data-server-name"));
        Assert.Contains(StatusDocuments.HostileProblem, Cell(row, "problem"), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_loaded_or_run_and_the_policy_allows_exactly_the_one_style()
    {
        var rendered = StatusPageRenderer.Render(StatusDocuments.Sample());
        var page = Parse(rendered.Html);

        var style = Assert.Single(page.Descendants("style"));
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.Value)));
        Assert.Equal($"default-src 'none'; style-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", rendered.ContentSecurityPolicy);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "link" or "iframe" or "object" or "embed" or "form");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href" or "style" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_fleet_before_any_probe_still_renders_the_contract()
    {
        var document = new FleetStatusDocument(FleetStatusDocument.CurrentSchemaVersion, StatusDocuments.Now, CertificateState.Ok, null, null, false, null, [], []);

        var page = Parse(StatusPageRenderer.Render(document).Html);

        Assert.Equal("ok", (string?)Assert.Single(page.Descendants("main")).Attribute("data-state"));
        Assert.Contains("none recorded", Assert.Single(page.Descendants("p"), p => Class(p) == "run").Value, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Descendants("tr"), r => Class(r) == "address");
        Assert.Contains("No probe has run yet", page.Root!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void An_LB_with_several_certificates_has_a_row_for_each_and_its_address_rows_say_which_one_the_SNI_is_for()
    {
        var document = StatusDocuments.SeveralCertificates();
        var page = Parse(StatusPageRenderer.Render(document).Html);

        var section = Assert.Single(page.Descendants("section"), s => (string?)s.Attribute("data-lb") == "lb0");
        var certificates = section.Descendants("tr").Where(r => Class(r) == "certificate").ToList();
        AssertCertificates(document.LoadBalancers[0].Certificates!, certificates);
        Assert.Equal(["web", "api"], certificates.Select(r => (string?)r.Attribute("data-certificate")));
        Assert.Equal("until 2026-12-02 14:00 UTC: certificates per registered domain example: 50 per 7 days", Cell(certificates[1], "waiting"));
        Assert.Equal("-", Cell(certificates[0], "waiting"));
        Assert.Equal(["0A", "0B"], certificates.Select(r => Cell(r, "served")));
        var addresses = section.Descendants("tr").Where(r => Class(r) == "address").ToList();
        Assert.Equal(["web", "api"], addresses.Select(r => (string?)r.Attribute("data-certificate")));
        Assert.Equal(["0A", "0B"], addresses.Select(r => Cell(r, "issued")));
        Assert.Contains("Certificate web: Issued: 0A", Assert.Single(section.Elements("p"), p => Class(p) == "facts muted").Value, StringComparison.Ordinal);
    }

    private static void AssertCertificates(IReadOnlyList<CertificateStatusEntry> expected, List<XElement> rows)
    {
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (entry, row) in expected.Zip(rows))
        {
            Assert.Equal(entry.Certificate, (string?)row.Attribute("data-certificate"));
            Assert.Equal(entry.State.Label(), (string?)row.Attribute("data-state"));
            Assert.Equal(entry.Certificate, Cell(row, "certificate"));
            Assert.Equal(entry.Names.Count == 0 ? "-" : string.Join(" ", entry.Names), Cell(row, "names"));
            Assert.Equal(entry.State.Display(), Cell(row, "state"));
            Assert.StartsWith(entry.Issued?.Serial ?? "none", Cell(row, "issued"), StringComparison.Ordinal);
            Assert.Equal(entry.State == CertificateState.Ok ? "" : entry.Summary, Cell(row, "problem"));
            Assert.Equal(entry.Action ?? "", Cell(row, "action"));
        }
    }

    private static void AssertRows(IReadOnlyList<AddressStatusEntry> expected, List<XElement> rows, string kind)
    {
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (entry, row) in expected.Zip(rows))
        {
            Assert.Equal(entry.Address, (string?)row.Attribute("data-address"));
            Assert.Equal(kind, (string?)row.Attribute("data-kind"));
            Assert.Equal(entry.ServerName, (string?)row.Attribute("data-server-name"));
            Assert.Equal(entry.State.Label(), (string?)row.Attribute("data-state"));
            Assert.Equal(entry.State.Display(), Cell(row, "state"));
            Assert.Equal(entry.Served?.Serial ?? "-", Cell(row, "serial"));
            Assert.Equal(entry.Certificate, (string?)row.Attribute("data-certificate"));
            Assert.Equal(entry.Certificate ?? "-", Cell(row, "certificate"));
            Assert.Equal(entry.Action ?? "", Cell(row, "action"));
            Assert.Equal(entry.State == CertificateState.Ok ? "" : entry.Summary, Cell(row, "problem"));
            Assert.StartsWith(entry.Served is null ? "-" : StatusDurationsText(entry), Cell(row, "expires"), StringComparison.Ordinal);
        }
    }

    private static string StatusDurationsText(AddressStatusEntry entry) =>
        Renewal.Status.StatusDurations.Describe(entry.Served!.NotAfter - StatusDocuments.Now);

    private static string Cell(XElement row, string @class) => Assert.Single(row.Elements("td"), td => Class(td) == @class).Value;

    private static string? Class(XElement element) => (string?)element.Attribute("class");

    /// <summary>Strict XML: a page that is not well-formed fails here, before any assertion.</summary>
    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var document = XDocument.Load(reader);
        Assert.Equal(None + "html", document.Root!.Name);
        return document;
    }
}
