namespace LbAcme.Sidecar.HaProxy;

/// <summary>
/// Replaces a certificate inside a running HAProxy without a reload (Runtime API, HAProxy 2.2+):
/// <c>set ssl cert &lt;path&gt; &lt;&lt;</c> with the PEM as payload, <c>commit ssl cert &lt;path&gt;</c>, then
/// <c>show ssl cert &lt;path&gt;</c> to confirm the serial. New handshakes get the new certificate; established
/// connections are untouched. Any error aborts the transaction so it cannot be committed later by accident.
/// </summary>
internal sealed class CertificateHotSwap(RuntimeApiClient client)
{
    public async Task<SwapResult> SwapAsync(string certificatePath, string pem, string expectedSerial, CancellationToken cancellationToken)
    {
        var name = Escape(certificatePath);
        string answer;
        try
        {
            answer = await client.SendAsync($"set ssl cert {name} <<\n{Payload(pem)}\n\n", cancellationToken);
        }
        catch (RuntimeApiUnreachableException e)
        {
            return new SwapResult(SwapOutcome.Unreachable, e.Message);
        }
        try
        {
            if (answer.Contains("not referenced by the configuration", StringComparison.Ordinal))
            {
                return new SwapResult(SwapOutcome.NotLoaded, OneLine(answer)); // no transaction was opened
            }
            if (!answer.Contains("Transaction created", StringComparison.Ordinal) && !answer.Contains("Transaction updated", StringComparison.Ordinal))
            {
                return await AbortAsync(name, "set ssl cert", answer, cancellationToken);
            }
            answer = await client.SendAsync($"commit ssl cert {name}\n", cancellationToken);
            if (!answer.Contains("Success!", StringComparison.Ordinal))
            {
                return await AbortAsync(name, "commit ssl cert", answer, cancellationToken);
            }
            answer = await client.SendAsync($"show ssl cert {name}\n", cancellationToken);
            var shown = ShownSerial(answer);
            return SameSerial(shown, expectedSerial)
                ? new SwapResult(SwapOutcome.Swapped, OneLine(answer))
                : new SwapResult(SwapOutcome.Refused, $"after commit HAProxy shows serial {shown ?? "(none)"}, expected {expectedSerial}");
        }
        catch (Exception e) when (e is RuntimeApiUnreachableException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            // HAProxy went away mid-swap or hung; make sure no half-done transaction stays behind.
            return await AbortAsync(name, "swap", e.Message, cancellationToken);
        }
    }

    private async Task<SwapResult> AbortAsync(string name, string step, string answer, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync($"abort ssl cert {name}\n", cancellationToken);
        }
        catch (Exception e) when (e is RuntimeApiUnreachableException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            // Nothing left to abort if HAProxy is gone; a hung one is reported through the refusal below.
        }
        return new SwapResult(SwapOutcome.Refused, $"{step}: {OneLine(answer)}");
    }

    /// <summary>The payload ends at the first empty line, so the PEM must not contain one.</summary>
    private static string Payload(string pem) =>
        string.Join('\n', pem.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0));

    private static string Escape(string path) => RuntimeNames.Escape(path);

    private static string? ShownSerial(string answer) =>
        answer.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Serial:", StringComparison.Ordinal))?["Serial:".Length..].Trim();

    /// <summary>HAProxy and .NET both print the serial as upper-case hex; only a leading zero byte may differ.</summary>
    private static bool SameSerial(string? shown, string expected) =>
        shown is not null && string.Equals(shown.TrimStart('0'), expected.TrimStart('0'), StringComparison.OrdinalIgnoreCase);

    private static string OneLine(string answer) => RuntimeNames.OneLine(answer);
}
