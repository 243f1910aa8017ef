using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Composition;

SocketRuntimeDefaults.Apply();

return await SidecarCommandLine.RunAsync(args);
