namespace LbAcme.Core.Store;

/// <summary>A challenge blob as a listing shows it: the token, the ETag of its content and its size in bytes.</summary>
public sealed record StoredChallenge(string Token, string ETag, long Size);
