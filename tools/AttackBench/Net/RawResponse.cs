namespace LbAcme.AttackBench.Net;

/// <summary>One HTTP/1.1 response as read off the wire; <see cref="Close"/> when the server ends the connection after it.</summary>
internal sealed record RawResponse(int Status, string? Location, byte[] Body, bool Close);
