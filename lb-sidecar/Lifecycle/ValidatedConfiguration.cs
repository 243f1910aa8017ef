using LbAcme.Sidecar.Composition;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>A configuration that passed validation, with what the daemon derives from it before building anything.</summary>
internal sealed record ValidatedConfiguration(IConfiguration Configuration, SidecarParts Parts, ListenEndpoints Endpoints, string LoadBalancer);
