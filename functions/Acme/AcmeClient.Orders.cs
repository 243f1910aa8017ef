using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;

namespace LbAcme.Acme;

public sealed partial class AcmeClient
{
    /// <summary>RFC 8555 §7.4 newOrder, with "profile" (draft-ietf-acme-profiles) and "replaces" (RFC 9773 §5) when given.</summary>
    public async Task<AcmeOrder> NewOrderAsync(AcmeAccount account, NewOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (request.DnsNames.Count == 0)
        {
            throw new ArgumentException("An order needs at least one DNS name.", nameof(request));
        }
        var directory = await GetDirectoryAsync(cancellationToken);
        var payload = new Dictionary<string, object>
        {
            ["identifiers"] = request.DnsNames.Select(AcmeIdentifier.Dns).ToList(),
        };
        if (request.Profile is { } profile)
        {
            // The profiles draft: a client must not ask for a profile the directory does not advertise.
            if (!directory.Profiles.ContainsKey(profile))
            {
                var offered = directory.Profiles.Count == 0 ? "none" : string.Join(", ", directory.Profiles.Keys);
                throw new ArgumentException($"The CA does not offer the profile '{profile}' (offered: {offered}).", nameof(request));
            }
            payload["profile"] = profile;
        }
        if (request.Replaces is { } replaces)
        {
            // RFC 9773 §5: only CAs that advertise renewalInfo understand "replaces".
            if (directory.SupportsRenewalInfo)
            {
                payload["replaces"] = replaces;
            }
            else
            {
                LogReplacesDropped(_logger, replaces);
            }
        }
        if (request.NotBefore is { } notBefore)
        {
            payload["notBefore"] = notBefore;
        }
        if (request.NotAfter is { } notAfter)
        {
            payload["notAfter"] = notAfter;
        }
        var response = await PostAsAccountAsync(account, directory.NewOrder!, payload, cancellationToken);
        var location = response.RequireLocation();
        var order = response.ReadJson<OrderResource>();
        order.Validate(location);
        LogOrderCreated(_logger, location, request.DnsNames);
        return new AcmeOrder(location, order);
    }

    public async Task<AcmeOrder> GetOrderAsync(AcmeAccount account, Uri orderUrl, CancellationToken cancellationToken)
    {
        var response = await PostAsGetAsync(account, orderUrl, cancellationToken);
        var order = response.ReadJson<OrderResource>();
        order.Validate(orderUrl);
        return new AcmeOrder(orderUrl, order);
    }

    public async Task<AuthorizationResource> GetAuthorizationAsync(AcmeAccount account, Uri authorizationUrl, CancellationToken cancellationToken)
    {
        var (authorization, _) = await FetchAuthorizationAsync(account, authorizationUrl, cancellationToken);
        return authorization;
    }

    /// <summary>RFC 8555 §7.5.1: tells the CA the challenge is ready to be validated.</summary>
    public async Task<ChallengeResource> RespondToChallengeAsync(AcmeAccount account, Uri challengeUrl, CancellationToken cancellationToken)
    {
        var response = await PostAsAccountAsync(account, challengeUrl, new { }, cancellationToken);
        return response.ReadJson<ChallengeResource>();
    }

    /// <summary>RFC 8555 §7.5.2: deactivates an authorization we no longer want (e.g. an abandoned order).</summary>
    public async Task<AuthorizationResource> DeactivateAuthorizationAsync(AcmeAccount account, Uri authorizationUrl, CancellationToken cancellationToken)
    {
        var response = await PostAsAccountAsync(account, authorizationUrl, new { status = AcmeStatus.Deactivated }, cancellationToken);
        return response.ReadJson<AuthorizationResource>();
    }

    /// <summary>
    /// Polls until the authorization is valid. An invalid one throws the CA's own problem document
    /// (the challenge error), so the caller learns why, not only that it failed.
    /// </summary>
    public async Task<AuthorizationResource> WaitForAuthorizationAsync(AcmeAccount account, Uri authorizationUrl, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var poller = new Poller(_time, _options, deadline);
        while (true)
        {
            var (authorization, retryAfter) = await FetchAuthorizationAsync(account, authorizationUrl, cancellationToken);
            switch (authorization.Status)
            {
                case AcmeStatus.Valid:
                    return authorization;
                case AcmeStatus.Pending:
                    await poller.WaitAsync(authorizationUrl, authorization.Status, retryAfter, cancellationToken);
                    break;
                default:
                    throw new AcmeProblemException(AuthorizationProblem(authorization), authorizationUrl, httpStatus: null);
            }
        }
    }

    /// <summary>Polls the order until its status is one of <paramref name="wanted"/>; an invalid order throws its error.</summary>
    public async Task<AcmeOrder> WaitForOrderAsync(AcmeAccount account, AcmeOrder order, IReadOnlySet<string> wanted, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(wanted);
        var poller = new Poller(_time, _options, deadline);
        var current = order;
        while (true)
        {
            if (wanted.Contains(current.Status))
            {
                return current;
            }
            if (current.Status is AcmeStatus.Invalid or AcmeStatus.Expired or AcmeStatus.Deactivated or AcmeStatus.Revoked)
            {
                var problem = current.Resource.Error ?? new AcmeProblem { Type = "about:blank", Detail = $"The order became {current.Status} without an error document." };
                throw new AcmeProblemException(problem, current.Location, httpStatus: null);
            }
            var response = await PostAsGetAsync(account, current.Location, cancellationToken);
            var resource = response.ReadJson<OrderResource>();
            resource.Validate(current.Location);
            if (!wanted.Contains(resource.Status) && resource.Status is AcmeStatus.Pending or AcmeStatus.Processing or AcmeStatus.Ready)
            {
                await poller.WaitAsync(current.Location, resource.Status, response.RetryAfter, cancellationToken);
            }
            current = current with { Resource = resource };
        }
    }

    /// <summary>RFC 8555 §7.4: submits the CSR; the order moves to processing, then valid.</summary>
    public async Task<AcmeOrder> FinalizeAsync(AcmeAccount account, AcmeOrder order, byte[] csrDer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(csrDer);
        var response = await PostAsAccountAsync(account, order.Resource.Finalize!, new { csr = Jose.Base64Url.Encode(csrDer) }, cancellationToken);
        var resource = response.ReadJson<OrderResource>();
        resource.Validate(order.Location);
        return order with { Resource = resource };
    }

    private async Task<(AuthorizationResource Authorization, TimeSpan? RetryAfter)> FetchAuthorizationAsync(AcmeAccount account, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(url);
        var response = await PostAsGetAsync(account, url, cancellationToken);
        var authorization = response.ReadJson<AuthorizationResource>();
        authorization.Validate(url);
        return (authorization, response.RetryAfter);
    }

    private static AcmeProblem AuthorizationProblem(AuthorizationResource authorization) =>
        authorization.FirstError is { } error
            ? error with { Identifier = error.Identifier ?? authorization.Identifier }
            : new AcmeProblem
            {
                Type = "about:blank",
                Detail = $"The authorization became {authorization.Status} without a challenge error.",
                Identifier = authorization.Identifier,
            };
}
