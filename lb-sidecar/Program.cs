using LbAcme.Sidecar.Commands;

// Socket completions run on the epoll thread instead of hopping to the thread pool: the handlers never block, and on
// a 2-core LB the hop (and the pool's spinning) was a fifth of the CPU per challenge. The runtime reads this only
// from the environment, once, when the first socket is made, so it is set before anything else runs; an operator's
// own value wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await SidecarCommandLine.RunAsync(args);
