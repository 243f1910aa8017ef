using LbAcme.Core.Status;
using LbAcme.Operator.Status;
using LbAcme.Operator.Table;

namespace LbAcme.Operator.Tests;

/// <summary>What the table prints: hostile text made harmless, colour only when allowed, the width respected.</summary>
public sealed class TableTests
{
    // Clear screen, cursor home, a fake "ok" after a carriage return, a bell, a C1 CSI, a bidi override, a line separator.
    private const string Hostile = "\u001b[2J\u001b[H\rlb9 ok\u0007\u009b31m\u202egnp.exe\u2028x";

    [Fact]
    public async Task Control_characters_from_the_document_are_shown_escaped_never_sent_to_the_terminal()
    {
        var ok = Documents.AllOk();
        var bad = Documents.Address(Hostile, Hostile, CertificateState.Failing, error: Hostile, serverName: Hostile, summary: Hostile, action: Hostile);
        var document = ok with { State = CertificateState.Failing, LoadBalancers = [Documents.Lb(Hostile, CertificateState.Failing, bad) with { Summary = Hostile }] };
        await using var server = await StatusServer.ServingAsync(Documents.Json(document));

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(result.Output, c => (char.IsControl(c) && c != '\n') || c is '\u202e' or '\u2028');
        Assert.Contains("\\u001b[2J\\u001b[H\\u000dlb9 ok\\u0007\\u009b31m\\u202egnp.exe\\u2028x", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Colour_is_only_the_state_word_and_only_when_the_style_allows_it()
    {
        var document = Documents.WithAddressIn(CertificateState.Stuck);

        var plain = StatusTable.Render(document, Documents.Now, TerminalStyle.Plain);
        var coloured = StatusTable.Render(document, Documents.Now, new TerminalStyle(true, null));

        Assert.DoesNotContain('\u001b', plain);
        Assert.Contains("\u001b[31mstuck\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Contains("\u001b[32mok\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Equal(plain, coloured.Replace("\u001b[31m", string.Empty, StringComparison.Ordinal).Replace("\u001b[32m", string.Empty, StringComparison.Ordinal).Replace("\u001b[0m", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, null, null, 120, false, null)]
    [InlineData(false, null, null, 120, true, 120)]
    [InlineData(false, "1", null, 100, false, 100)]
    [InlineData(false, null, "dumb", 100, false, 100)]
    [InlineData(false, "", null, 0, true, null)]
    public void Colour_and_width_follow_the_terminal_and_no_color(bool redirected, string? noColor, string? term, int windowWidth, bool color, int? width)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };

        var style = TerminalStyle.Detect(redirected, name => environment.GetValueOrDefault(name), () => windowWidth);

        Assert.Equal(new TerminalStyle(color, width), style);
    }

    [Fact]
    public void A_narrow_terminal_cuts_the_problem_column_to_fit()
    {
        var ok = Documents.AllOk();
        var longProblem = Documents.Address("lb2", "127.0.200.2:443", CertificateState.Stuck, serverName: "lb2.svc.example",
            summary: "issued 0a1b2c3e is newer than served 0a1b2c3d for 3 sync intervals " + new string('x', 200), action: "check the sidecar on lb2");
        var document = ok with { LoadBalancers = [ok.LoadBalancers[0], Documents.Lb("lb2", CertificateState.Stuck, longProblem)] };

        var table = StatusTable.Render(document, Documents.Now, new TerminalStyle(false, 120));
        var wide = StatusTable.Render(document, Documents.Now, TerminalStyle.Plain);

        Assert.All(table.TrimEnd('\n').Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length}: {line}"));
        Assert.Contains(TerminalText.Ellipsis + "\n", table, StringComparison.Ordinal);
        Assert.Contains("issued 0a1b2c3e is newer", table, StringComparison.Ordinal);
        Assert.Contains(wide.Split('\n'), line => line.Length > 120);
    }

    [Fact]
    public void Expired_and_unprobed_addresses_read_as_such()
    {
        var ok = Documents.AllOk();
        var expired = Documents.Address("lb1", "127.0.200.1:443", CertificateState.Expiring) is var a && a.Served is { } served
            ? a with { Served = served with { NotAfter = Documents.Now.AddDays(-2).AddHours(-4) } }
            : throw new InvalidOperationException("the fixture has a served leaf");
        var document = ok with { LoadBalancers = [Documents.Lb("lb1", CertificateState.Expiring, expired), Documents.Lb("lb2", CertificateState.Stuck)] };

        var rows = StatusRow.From(document, Documents.Now);

        Assert.Equal("expired 2d 4h ago", rows.Single(r => r.Address == "127.0.200.1:443").ExpiresIn);
        var unprobed = rows.Single(r => r.Lb == "lb2");
        Assert.Equal((StatusRow.LbItselfLabel, "-", "-", CertificateState.Stuck), (unprobed.Address, unprobed.Serial, unprobed.ExpiresIn, unprobed.State));
    }

    [Fact]
    public void Each_LB_and_certificate_gets_a_row_before_the_addresses_asked_its_names()
    {
        var ok = Documents.AllOk();
        var web = Documents.Address("lb1", "127.0.200.1:443", serverName: "web.example") with { Certificate = "web" };
        var api = Documents.Address("lb1", "127.0.200.1:443", CertificateState.Stuck, serverName: "api.example", summary: "serves the certificate 'web', not 'api'",
            action: "check the crt-list") with
        { Certificate = "api" };
        var lb1 = Documents.Lb("lb1", CertificateState.Stuck, web, api) with
        {
            Certificates =
            [
                Documents.Certificate("web", CertificateState.Ok, web),
                Documents.Certificate("api", CertificateState.Ok, api) with
                {
                    State = CertificateState.Stuck, Summary = "127.0.200.1:443 (api.example): serves the certificate 'web', not 'api'", Action = "check the crt-list",
                },
                Documents.Certificate("mail", CertificateState.Ok) with
                {
                    WaitingUntil = Documents.Now.AddHours(5), WaitingFor = "new orders per account: 300 per 3 hours",
                },
            ],
        };
        var document = ok with { State = CertificateState.Stuck, LoadBalancers = [lb1], Vips = [] };

        var rows = StatusRow.From(document, Documents.Now);

        Assert.Equal([("lb1", "web", "(lb)"), ("lb1", "web", "127.0.200.1:443"), ("lb1", "api", "(lb)"), ("lb1", "api", "127.0.200.1:443"), ("lb1", "mail", "(lb)")],
            rows.Select(r => (r.Lb, r.Certificate, r.Address)));
        Assert.Equal([CertificateState.Ok, CertificateState.Ok, CertificateState.Stuck, CertificateState.Stuck, CertificateState.Ok], rows.Select(r => r.State));
        Assert.Equal(("web.example", "0a1b2c3d", "59d 3h"), (rows[0].ServerName, rows[0].Serial, rows[0].ExpiresIn));
        Assert.Contains("not 'api'; check the crt-list", rows[2].Problem, StringComparison.Ordinal);
        Assert.Equal("order waits until 2026-12-02 14:00 UTC for new orders per account: 300 per 3 hours", rows[4].Problem);
        Assert.Equal(("-", "-"), (rows[4].Serial, rows[4].ExpiresIn));
        var table = StatusTable.Render(document, Documents.Now, TerminalStyle.Plain).Split('\n');
        Assert.Matches("^LB +CERTIFICATE +ADDRESS +SNI +STATE", table[0]);
        Assert.Equal(StatusExitCode.Critical, StatusVerdict.For(document with { State = CertificateState.Ok, LoadBalancers = [lb1 with { State = CertificateState.Ok }] }));
    }
}
