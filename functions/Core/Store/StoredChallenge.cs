namespace LbAcme.Core.Store;

/// <summary>A challenge blob as a listing shows it: the token and the ETag of its content.</summary>
public sealed record StoredChallenge(string Token, string ETag);
