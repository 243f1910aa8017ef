namespace LbAcme.Operator.Actions;

/// <summary>One operator action to send: where (the function URL), the admin key, the JSON body, and how to print the answer.</summary>
public sealed record ActionRequest(Uri Url, string? Key, string? JsonBody, bool Json, TimeSpan Timeout);
