using System.Net;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Sidecar.Tests.Unit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// What a CA does during an attack: fetches key authorizations held by another LB, three at a time as Pebble asks,
/// from its own address. Returns what each request got, in a form an assertion message can show.
/// </summary>
internal static class LegitimateValidations
{
    public const int Count = 20;

    /// <summary>Writes <see cref="Count"/> tokens with well-formed key authorizations into <paramref name="webroot"/>.</summary>
    public static async Task<string[]> DepositAsync(string webroot)
    {
        var tokens = Enumerable.Range(0, Count).Select(_ => FanOutTests.NewToken()).ToArray();
        foreach (var token in tokens)
        {
            await File.WriteAllTextAsync(Path.Combine(webroot, token), ScriptedPeerClient.KeyAuthorizationOf(token));
        }
        return tokens;
    }

    /// <summary>"200 ok" for each correct answer, else the status and body.</summary>
    public static async Task<string[]> FetchAsync(SidecarProcess sidecar, string source, IReadOnlyList<string> tokens)
    {
        using var http = SidecarHttp.Create(IPAddress.Parse(source));
        var results = new string[tokens.Count];
        using var concurrency = new SemaphoreSlim(3);
        await Task.WhenAll(tokens.Select(async (token, i) =>
        {
            await concurrency.WaitAsync();
            try
            {
                using var response = await http.GetAsync(sidecar.PublicUri("/.well-known/acme-challenge/" + token));
                var body = await response.Content.ReadAsStringAsync();
                results[i] = response.StatusCode == HttpStatusCode.OK && body == ScriptedPeerClient.KeyAuthorizationOf(token)
                    ? "200 ok"
                    : $"{(int)response.StatusCode} {body}";
            }
            finally
            {
                concurrency.Release();
            }
        }));
        return results;
    }
}
