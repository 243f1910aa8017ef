using LbAcme.Sidecar.Commands;

return await SidecarCommandLine.RunAsync(args);
