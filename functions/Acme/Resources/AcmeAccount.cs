using LbAcme.Acme.Jose;

namespace LbAcme.Acme.Resources;

/// <summary>An account we can act for: its URL (the JWS "kid"), its key, and what the CA last said about it.</summary>
public sealed record AcmeAccount(Uri Location, AcmeKey Key, AccountResource Resource);
