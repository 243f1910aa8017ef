namespace LbAcme.LocalEnvironment;

/// <summary>
/// Starting a server on a port another program may take first. A free port can only be a candidate (between the
/// probe and the server's own bind, anyone may bind it), so each attempt picks fresh candidates and starts the
/// server; an attempt that finds a port taken answers null and the next one tries again.
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
        throw new InvalidOperationException($"{what}: another program took its port {Attempts} times in a row.");
    }
}
