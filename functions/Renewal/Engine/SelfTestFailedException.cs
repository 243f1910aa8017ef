namespace LbAcme.Renewal.Engine;

/// <summary>The public URL did not answer every key authorization through every address; the CA was not asked.</summary>
public sealed class SelfTestFailedException : Exception
{
    public SelfTestFailedException(string detail)
        : base($"Self-test failed, the CA was not asked to validate: {detail}")
    {
    }
}
