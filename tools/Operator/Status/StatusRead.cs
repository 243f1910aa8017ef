using LbAcme.Core.Status;

namespace LbAcme.Operator.Status;

/// <summary>
/// What reading the status gave: the document and its JSON as received, or, when it could not be read, why (a
/// sentence for the operator, never holding the key). Errors are values: an unreachable endpoint is a result of the check.
/// </summary>
public sealed record StatusRead(FleetStatusDocument? Document, string? Json, string? Problem)
{
    public static StatusRead Failed(string problem) => new(null, null, problem);
}
