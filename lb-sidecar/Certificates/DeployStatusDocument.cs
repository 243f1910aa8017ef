namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// The status/{lb} blob, read by the function app as LbAcme.Renewal.Store.DeployStatus (web JSON, camelCase):
/// <c>{"serial","notAfter","when","result"}</c> — the deployed leaf, when this was reported, and how the last sync went.
/// </summary>
internal sealed record DeployStatusDocument(string? Serial, DateTimeOffset? NotAfter, DateTimeOffset? When, string? Result);
