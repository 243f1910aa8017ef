namespace LbAcme.Sidecar.Composition;

/// <summary>
/// Socket settings the runtime reads only from the environment, once, when the first socket is made; so they are
/// set before anything else runs. An operator's own value wins.
/// </summary>
internal static class SocketRuntimeDefaults
{
    public static void Apply()
    {
        // Completions run on the epoll thread instead of hopping to the thread pool, which saves the hop's CPU on
        // every challenge. What may then run on that thread is kept to the request handlers, which never block (the
        // webroot is read on the pool); background work resumes on BackgroundScheduler after every await.
        SetIfUnset("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        // One epoll thread, not one per core (the runtime's default once completions are inline): one loop serves far
        // more challenges than a CA sends, and more loops only add wake-ups and cross-core hand-offs on a box whose
        // cores belong to HAProxy.
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
