namespace LbAcme.Sidecar.HaProxy;

/// <summary>
/// The crt-list of a running HAProxy through the Runtime API (HAProxy 2.2+): what it holds
/// (<c>show ssl crt-list</c>), a certificate added without a reload (<c>new ssl cert</c>, <c>set ssl cert</c>,
/// <c>commit ssl cert</c>, <c>add ssl crt-list</c>) and one removed (<c>del ssl crt-list</c>, <c>del ssl cert</c>).
/// HAProxy 2.6 refuses to delete the entry a bind uses as its default certificate (the crt-list's first line when
/// HAProxy started): <see cref="RemoveOutcome.IsDefault"/>.
/// </summary>
internal sealed class RuntimeCrtList(RuntimeApiClient client, CertificateHotSwap swap, string crtList)
{
    public string Path => crtList;

    /// <summary>The paths HAProxy holds in the crt-list, in its order; null when it has no such crt-list (it binds with <c>crt</c>, or another file).</summary>
    public async Task<IReadOnlyList<string>?> ShowAsync(CancellationToken cancellationToken)
    {
        var answer = await client.SendAsync($"show ssl crt-list {RuntimeNames.Escape(crtList)}\n", cancellationToken);
        if (!answer.TrimStart().StartsWith('#'))
        {
            return null; // "didn't find the specified filename"
        }
        return [.. answer.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(RuntimeNames.FirstField)];
    }

    /// <summary>Loads <paramref name="pem"/> as a new certificate named <paramref name="path"/> and appends it to the crt-list.</summary>
    public async Task<SwapResult> AddAsync(string path, string pem, string expectedSerial, CancellationToken cancellationToken)
    {
        var name = RuntimeNames.Escape(path);
        var answer = await client.SendAsync($"new ssl cert {name}\n", cancellationToken);
        if (!answer.Contains("New empty certificate store", StringComparison.Ordinal) && !answer.Contains("already exists", StringComparison.Ordinal))
        {
            return new SwapResult(SwapOutcome.Refused, $"new ssl cert: {RuntimeNames.OneLine(answer)}");
        }
        var loaded = await swap.SwapAsync(path, pem, expectedSerial, cancellationToken);
        if (loaded.Outcome != SwapOutcome.Swapped)
        {
            await DeleteQuietlyAsync(name, cancellationToken);
            return loaded;
        }
        answer = await client.SendAsync($"add ssl crt-list {RuntimeNames.Escape(crtList)} {name}\n", cancellationToken);
        if (!answer.Contains("Success!", StringComparison.Ordinal))
        {
            await DeleteQuietlyAsync(name, cancellationToken);
            return new SwapResult(SwapOutcome.Refused, $"add ssl crt-list: {RuntimeNames.OneLine(answer)}");
        }
        return new SwapResult(SwapOutcome.Swapped, "added to the running HAProxy's crt-list");
    }

    /// <summary>Takes <paramref name="path"/> out of the crt-list and frees it.</summary>
    public async Task<(RemoveOutcome Outcome, string Detail)> RemoveAsync(string path, CancellationToken cancellationToken)
    {
        var name = RuntimeNames.Escape(path);
        var answer = await client.SendAsync($"del ssl crt-list {RuntimeNames.Escape(crtList)} {name}\n", cancellationToken);
        if (answer.Contains("used as default certificate", StringComparison.Ordinal))
        {
            return (RemoveOutcome.IsDefault, RuntimeNames.OneLine(answer));
        }
        if (!answer.Contains("deleted", StringComparison.Ordinal))
        {
            return (RemoveOutcome.Refused, $"del ssl crt-list: {RuntimeNames.OneLine(answer)}");
        }
        answer = await client.SendAsync($"del ssl cert {name}\n", cancellationToken);
        return answer.Contains("deleted", StringComparison.Ordinal)
            ? (RemoveOutcome.Removed, "removed from the running HAProxy")
            : (RemoveOutcome.Removed, $"out of the crt-list; del ssl cert: {RuntimeNames.OneLine(answer)}");
    }

    /// <summary>An empty store left by a failed add would block the next attempt's <c>new ssl cert</c>.</summary>
    private async Task DeleteQuietlyAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync($"del ssl cert {name}\n", cancellationToken);
        }
        catch (Exception e) when (e is RuntimeApiUnreachableException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            // HAProxy is gone; nothing is left in it.
        }
    }
}

internal enum RemoveOutcome
{
    Removed,

    /// <summary>A bind uses it as its default certificate; HAProxy 2.6 keeps it until a reload.</summary>
    IsDefault,

    Refused,
}
