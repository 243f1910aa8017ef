namespace LbAcme.Operator.Status;

/// <summary>What <c>lb-acme status</c> was asked: where the status is (the function app's URL, or the store), and how to print it.</summary>
public sealed record StatusRequest(Uri? StatusUri, string? Key, StoreArguments Store, bool Json, TimeSpan Timeout);
