using LbAcme.Core.Status;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Status;

/// <summary>
/// One certificate of one LB, as stored: the names the LB's copy carries, the certificate store's current version,
/// the sidecar's deploy report for it and the engine's state (runs/state/{subject}.json, with a limit it waits for).
/// </summary>
public sealed record CertificateStatusInput(string Certificate, IReadOnlyList<string> Names, IssuedCertificateEntry? Issued, CertificateDeployStatus? Deployed, LbState? State);
