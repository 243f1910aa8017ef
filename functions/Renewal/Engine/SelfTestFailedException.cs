namespace LbAcme.Renewal.Engine;

/// <summary>
/// The public URL did not answer every key authorization through every address; the CA was not asked. It ends the
/// order deep inside the ACME exchange, so it travels as an exception to the LB's catch, carrying the result as data.
/// </summary>
public sealed class SelfTestFailedException : Exception
{
    public SelfTestFailedException(SelfTestResult result)
        : base($"Self-test failed, the CA was not asked to validate: {result?.Detail}")
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    public SelfTestResult Result { get; }
}
