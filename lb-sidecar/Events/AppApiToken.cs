using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace LbAcme.Sidecar.Events;

/// <summary>
/// The token daprd sends on every call to the app (header <c>dapr-api-token</c>) when it was started with
/// <c>APP_API_TOKEN</c> set; lb-sidecar reads the same variable. Unset: every call on the loopback app port is taken.
/// Compared in constant time.
/// </summary>
internal sealed class AppApiToken
{
    public const string Variable = "APP_API_TOKEN";
    public const string Header = "dapr-api-token";

    private readonly byte[]? _expected;

    public AppApiToken(string? expected)
    {
        _expected = string.IsNullOrEmpty(expected) ? null : Encoding.UTF8.GetBytes(expected);
    }

    public static AppApiToken FromEnvironment() => new(Environment.GetEnvironmentVariable(Variable));

    public bool IsRequired => _expected is not null;

    public bool Allows(StringValues header)
    {
        if (_expected is null)
        {
            return true;
        }
        if (header.Count != 1 || header[0] is not { } sent)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), _expected);
    }
}
