namespace LbAcme.Sidecar.Certificates.Dapr;

/// <summary>
/// daprd or its secret store component refused or failed a read (anything but "no such secret"): the round fails,
/// the deployed certificate keeps serving. The message is short and stable so repeated failures read alike.
/// </summary>
public sealed class DaprSecretException : Exception
{
    public DaprSecretException()
    {
    }

    public DaprSecretException(string message)
        : base(message)
    {
    }

    public DaprSecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
