namespace LbAcme.LocalEnvironment;

/// <summary>
/// Starting a server on a port another program may take first. A free port can only be a candidate (between the
/// probe and the server's own bind, anyone may bind it), so each attempt picks fresh candidates and starts the
/// server; an attempt that finds a port taken, or a server that did not listen in time, answers null and the next
/// one tries again.
/// </summary>
public static class PortRetry
{
    public const int Attempts = 5;

    public static async Task<T> StartAsync<T>(string what, Func<Task<T?>> attempt)
        where T : class
    {
        for (var i = 0; i < Attempts; i++)
        {
            if (await attempt() is { } started)
            {
                return started;
            }
        }
        throw new InvalidOperationException($"{what}: did not start listening in {Attempts} attempts (its port taken, or no listener in time; see the lines above).");
    }
}
