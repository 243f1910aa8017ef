using System.Text.Json;
using LbAcme.Acme.Http;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LbAcme.Acme;

/// <summary>
/// An RFC 8555 client for one CA directory. Thread-safe; holds no account state of its own: every
/// account-scoped call takes the <see cref="AcmeAccount"/> to act for.
/// </summary>
public sealed partial class AcmeClient
{
    private readonly AcmeTransport _transport;
    private readonly AcmeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AcmeClient(HttpClient httpClient, IOptions<AcmeClientOptions> options, TimeProvider? timeProvider = null, ILogger<AcmeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (_options.DirectoryUrl is null)
        {
            throw new ArgumentException("AcmeClientOptions.DirectoryUrl is required.", nameof(options));
        }
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new AcmeTransport(httpClient, _options, _time, _logger);
    }

    public Uri DirectoryUrl => _options.DirectoryUrl!;

    public Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken) => _transport.GetDirectoryAsync(cancellationToken);

    /// <summary>RFC 8555 §8.1: token "." base64url(JWK thumbprint of the account key).</summary>
    public static string KeyAuthorization(AcmeKey accountKey, string token)
    {
        ArgumentNullException.ThrowIfNull(accountKey);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return Core.Challenges.KeyAuthorization.Of(token, accountKey.Thumbprint());
    }

    private Task<AcmeResponse> PostAsAccountAsync(AcmeAccount account, Uri url, object? payload, CancellationToken cancellationToken, string accept = "application/json") =>
        _transport.PostAsync(url, nonce => Jws.Sign(account.Key, account.Location, nonce, url, Serialize(payload)), accept, cancellationToken);

    /// <summary>POST-as-GET (RFC 8555 §6.3): an empty payload signed by the account.</summary>
    private Task<AcmeResponse> PostAsGetAsync(AcmeAccount account, Uri url, CancellationToken cancellationToken, string accept = "application/json") =>
        _transport.PostAsync(url, nonce => Jws.Sign(account.Key, account.Location, nonce, url, payloadJson: null), accept, cancellationToken);

    private static string? Serialize(object? payload) => payload is null ? null : JsonSerializer.Serialize(payload, AcmeJson.Options);
}
