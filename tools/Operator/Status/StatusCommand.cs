using LbAcme.Operator.Table;

namespace LbAcme.Operator.Status;

/// <summary>
/// <c>lb-acme status</c>: reads the fleet status document (GET /api/status, or the store), prints the verdict line
/// (what a Nagios-style check shows), the table, the fleet and probe lines, or with --json the document as received;
/// the exit code is the worst state (<see cref="StatusExitCode"/>). The key is never printed.
/// </summary>
public sealed class StatusCommand
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly TerminalStyle _style;
    private readonly TimeProvider _time;

    public StatusCommand(TextWriter output, TextWriter error, TerminalStyle style, TimeProvider time)
    {
        _output = output;
        _error = error;
        _style = style;
        _time = time;
    }

    public async Task<StatusExitCode> RunAsync(StatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await ReadAsync(request, cancellationToken);
        if (read.Document is not { } document)
        {
            var line = $"{StatusExitCode.Unknown.Word()} - {TerminalText.Safe(read.Problem)}";
            // Nagios reads the first line of stdout; --json keeps stdout for JSON only.
            await (request.Json ? _error : _output).WriteLineAsync($"LB-ACME {line}");
            return StatusExitCode.Unknown;
        }
        if (request.Json)
        {
            await _output.WriteLineAsync(read.Json);
            return StatusVerdict.For(document);
        }
        var now = _time.GetUtcNow();
        await _output.WriteLineAsync(TerminalText.Safe(FleetLines.Verdict(document)));
        await _output.WriteAsync(StatusTable.Render(document, now, _style));
        await _output.WriteLineAsync(FleetLines.Fleet(document, now));
        await _output.WriteLineAsync(FleetLines.Probe(document, now));
        return StatusVerdict.For(document);
    }

    private static async Task<StatusRead> ReadAsync(StatusRequest request, CancellationToken cancellationToken)
    {
        if (request.StatusUri is { } uri)
        {
            using var client = HttpStatusReader.CreateClient(request.Timeout);
            return await new HttpStatusReader(client).ReadAsync(uri, request.Key, request.Timeout, cancellationToken);
        }
        return await StoreStatusReader.ReadAsync(request.Store, request.Timeout, cancellationToken);
    }
}
