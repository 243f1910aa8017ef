using LbAcme.Acme.Problems;

namespace LbAcme.Acme.Resources;

/// <summary>RFC 8555 §7.1.1 directory, plus "renewalInfo" (RFC 9773) and meta "profiles" (draft-ietf-acme-profiles).</summary>
public sealed record AcmeDirectory
{
    public Uri? NewNonce { get; init; }

    public Uri? NewAccount { get; init; }

    public Uri? NewOrder { get; init; }

    public Uri? NewAuthz { get; init; }

    public Uri? RevokeCert { get; init; }

    public Uri? KeyChange { get; init; }

    public Uri? RenewalInfo { get; init; }

    public DirectoryMeta? Meta { get; init; }

    public bool SupportsRenewalInfo => RenewalInfo is not null;

    public IReadOnlyDictionary<string, string> Profiles => Meta?.Profiles ?? new Dictionary<string, string>();

    internal void Validate(Uri source)
    {
        if (NewNonce is null || NewAccount is null || NewOrder is null || RevokeCert is null || KeyChange is null)
        {
            throw new AcmeProtocolException("The directory lacks one of newNonce, newAccount, newOrder, revokeCert, keyChange.", source);
        }
    }
}

public sealed record DirectoryMeta
{
    public Uri? TermsOfService { get; init; }

    public Uri? Website { get; init; }

    public IReadOnlyList<string> CaaIdentities { get; init; } = [];

    public bool ExternalAccountRequired { get; init; }

    public Dictionary<string, string>? Profiles { get; init; }
}
