namespace LbAcme.Renewal.Notifications;

/// <summary>
/// How one delivery ended: delivered or not, after how many attempts, and the last error as a code (an HTTP status,
/// "timeout", an <see cref="System.Net.Http.HttpRequestError"/> name), never as an exception message, which could
/// quote the URL.
/// </summary>
public sealed record DeliveryResult(bool Delivered, int Attempts, string? Error);
