namespace LbAcme.Sidecar.Composition;

/// <summary>
/// Socket settings the runtime reads only from the environment, once, when the first socket is made; so they are
/// set before anything else runs. An operator's own value wins.
/// </summary>
internal static class SocketRuntimeDefaults
{
    public static void Apply()
    {
        // Completions run on the epoll thread instead of hopping to the thread pool: the request handlers never block,
        // and on a 2-core LB the hop (and the pool's spinning) was a fifth of the CPU per challenge.
        SetIfUnset("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        // One epoll thread, not one per core (the runtime's default once completions are inline). A single loop serves
        // ~100k challenge requests/s, thousands of times what a CA sends; more loops only add wake-ups and cross-core
        // hand-offs on a box whose cores belong to HAProxy. Measured on 2 cores: 1.2x the requests/s of two loops.
        SetIfUnset("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1");
    }

    private static void SetIfUnset(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
