using LbAcme.Acme;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Engine;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Revocation;

/// <summary>
/// Revokes one LB's stored copy of one fleet certificate (RFC 8555 §7.6). Only a certificate of the fleet's own ACME
/// directory (judged as the engine judges it, <see cref="CurrentCertificates"/>): another CA's certificate is not this
/// account's to revoke. keyCompromise is signed with the certificate's own key, as Let's Encrypt requires for that
/// reason (and which proves the key is out); every other reason with the fleet account. Asking for a new certificate
/// afterwards is the caller's (the function enqueues a forced renewal), so this stays free of the queue.
/// </summary>
public sealed class CertificateRevocation
{
    private readonly ICertificateStore _store;
    private readonly FleetAccount _account;
    private readonly AcmeClient _acme;
    private readonly RenewalEngineOptions _options;
    private readonly ILogger _logger;

    public CertificateRevocation(ICertificateStore store, FleetAccount account, AcmeClient acme, RenewalEngineOptions options, ILogger<CertificateRevocation> logger)
    {
        _store = store;
        _account = account;
        _acme = acme;
        _options = options;
        _logger = logger;
    }

    public async Task<RevocationResult> RevokeAsync(FleetOptions fleet, LoadBalancerOptions lb, FleetCertificate certificate, RevocationReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(lb);
        ArgumentNullException.ThrowIfNull(certificate);
        var storeName = FleetCertificates.StoreName(_options.CertificateName, certificate.Name, lb.Name);
        var result = await RevokeStoredAsync(fleet, storeName, reason, cancellationToken);
        RevocationLog.Revocation(_logger, lb.Name, certificate.Name, storeName, result.Serial, RevocationReasons.Name(reason), result.Outcome.ToString(), result.SignedWith, result.Detail);
        return result;
    }

    private async Task<RevocationResult> RevokeStoredAsync(FleetOptions fleet, string storeName, RevocationReason reason, CancellationToken cancellationToken)
    {
        if (await _store.GetInfoAsync(storeName, cancellationToken) is not { } info)
        {
            return new RevocationResult(RevocationOutcome.NotStored, storeName);
        }
        var leaf = info.Leaf;
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        if (CurrentCertificates.From(info, _acme.DirectoryUrl).FromAnotherDirectory)
        {
            return new RevocationResult(RevocationOutcome.FromAnotherDirectory, storeName, leaf.SerialNumber, notAfter,
                Detail: $"issued through {Core.Origin.AcmeDirectoryTag.Of(info.Tags) ?? leaf.Issuer}, not {_acme.DirectoryUrl}");
        }
        var signedWith = reason == RevocationReason.KeyCompromise ? "certificate key" : "account key";
        try
        {
            if (reason == RevocationReason.KeyCompromise)
            {
                var stored = await _store.GetAsync(storeName, cancellationToken)
                    ?? throw new InvalidOperationException($"{storeName} disappeared while being revoked");
                using var key = AcmeKey.FromPem(stored.Pem);
                await _acme.RevokeCertificateWithKeyAsync(key, leaf, reason, cancellationToken);
            }
            else
            {
                var account = await _account.GetAsync(_acme, fleet, _options.AccountKeyName, cancellationToken);
                await _acme.RevokeCertificateAsync(account, leaf, reason, cancellationToken);
            }
            return new RevocationResult(RevocationOutcome.Revoked, storeName, leaf.SerialNumber, notAfter, signedWith);
        }
        catch (AcmeProblemException e) when (e.ErrorType == AcmeErrorTypes.AlreadyRevoked)
        {
            return new RevocationResult(RevocationOutcome.AlreadyRevoked, storeName, leaf.SerialNumber, notAfter, signedWith, e.ErrorType, e.Problem.Detail);
        }
        catch (AcmeProblemException e) when (!e.IsRetryable)
        {
            return new RevocationResult(RevocationOutcome.Refused, storeName, leaf.SerialNumber, notAfter, signedWith, e.ErrorType, e.Problem.Detail ?? e.Message);
        }
    }
}
