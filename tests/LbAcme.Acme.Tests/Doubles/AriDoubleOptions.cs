namespace LbAcme.Acme.Tests.Doubles;

/// <summary>What the ARI/profiles double advertises and answers.</summary>
internal sealed record AriDoubleOptions
{
    public bool AdvertiseRenewalInfo { get; init; } = true;

    /// <summary>meta.profiles of the directory (draft-ietf-acme-profiles §3): name → description.</summary>
    public IReadOnlyDictionary<string, string> Profiles { get; init; } = new Dictionary<string, string>
    {
        ["classic"] = "90-day certificates, the long-standing default",
        ["tlsserver"] = "45-day certificates for TLS servers",
        ["shortlived"] = "160-hour certificates",
    };

    /// <summary>CertID → suggested window; other well-formed ids get 404.</summary>
    public Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Windows { get; init; } = [];

    /// <summary>Retry-After in seconds on renewalInfo answers; null sends none.</summary>
    public int? RetryAfterSeconds { get; set; } = 21600;
}
