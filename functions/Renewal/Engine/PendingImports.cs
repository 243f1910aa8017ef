using System.Security.Cryptography.X509Certificates;
using LbAcme.Certificates;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// An issued certificate is never thrown away because the certificate store refused it: it is kept under
/// pending/{subject} (the LB and certificate), and that certificate's next attempt imports it before anything else, instead of ordering (and spending
/// CA validations and a rate-limit slot) again.
/// </summary>
public sealed class PendingImports
{
    private readonly IPendingCertificates _pending;
    private readonly ICertificateStore _certificates;
    private readonly ILogger _logger;

    public PendingImports(IPendingCertificates pending, ICertificateStore certificates, ILogger<PendingImports> logger)
    {
        _pending = pending;
        _certificates = certificates;
        _logger = logger;
    }

    /// <summary>Imports a freshly issued bundle; if the store refuses it, keeps it and throws <see cref="CertificateImportException"/>.</summary>
    public async Task<StoredCertificateInfo> ImportOrKeepAsync(string subject, string certificateName, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, string reason, Uri? orderUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        try
        {
            return await _certificates.ImportAsync(certificateName, bundle, tags, cancellationToken);
        }
        catch (Exception e)
        {
            // Kept even when cancelled: the certificate exists at the CA whether or not this invocation lives on.
            if (!await TryKeepAsync(subject, new PendingCertificate(bundle.ToPem(), tags, reason, orderUrl), e, bundle.Leaf.SerialNumber)
                || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }
            throw new CertificateImportException(bundle.Leaf.SerialNumber, e);
        }
    }

    /// <summary>
    /// Imports the LB's pending certificate if it is still valid and for exactly <paramref name="names"/>; drops one
    /// that is not. Null when there was nothing usable, so the caller plans as usual.
    /// </summary>
    public async Task<(StoredCertificateInfo Imported, PendingCertificate Pending)?> TryImportPendingAsync(string subject, string certificateName, IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await _pending.GetAsync(subject, cancellationToken) is not { } pending)
        {
            return null;
        }
        CertificateBundle bundle;
        try
        {
            bundle = CertificateBundle.Parse(pending.Pem);
        }
        catch (FormatException e)
        {
            await DropAsync(subject, e.Message, cancellationToken);
            return null;
        }
        using (bundle)
        {
            if (Unusable(bundle.Leaf, names, now) is { } why)
            {
                await DropAsync(subject, why, cancellationToken);
                return null;
            }
            StoredCertificateInfo imported;
            try
            {
                imported = await _certificates.ImportAsync(certificateName, bundle, pending.Tags, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new CertificateImportException(bundle.Leaf.SerialNumber, e);
            }
            try
            {
                await _pending.DeleteAsync(subject, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                EngineLog.PendingNotDeleted(_logger, subject, e.Message);
            }
            return (imported, pending);
        }
    }

    private static string? Unusable(X509Certificate2 leaf, IReadOnlyCollection<string> names, DateTimeOffset now)
    {
        if (new DateTimeOffset(leaf.NotAfter.ToUniversalTime()) <= now)
        {
            return $"certificate {leaf.SerialNumber} expired at {leaf.NotAfter:O}";
        }
        var held = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return held.SetEquals(names) ? null : $"certificate {leaf.SerialNumber} is for {string.Join(',', held.Order(StringComparer.Ordinal))}, the LB now wants {string.Join(',', names.Order(StringComparer.Ordinal))}";
    }

    private async Task<bool> TryKeepAsync(string subject, PendingCertificate pending, Exception refusal, string serial)
    {
        try
        {
            await _pending.SaveAsync(subject, pending, CancellationToken.None);
            EngineLog.KeptPending(_logger, subject, serial, refusal.Message);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EngineLog.PendingLost(_logger, subject, e.Message);
            return false;
        }
    }

    private async Task DropAsync(string subject, string why, CancellationToken cancellationToken)
    {
        EngineLog.DroppedPending(_logger, subject, why);
        await _pending.DeleteAsync(subject, cancellationToken);
    }
}
