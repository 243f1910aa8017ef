using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LbAcme.Functions.Functions;

/// <summary>
/// The operator actions' refusals as RFC 9457 problem documents (application/problem+json): <c>code</c> is the stable
/// word a script branches on, <c>detail</c> the sentence for a person; extra members (e.g. the account URL) beside them.
/// </summary>
public static class AdminProblem
{
    public const string ContentType = "application/problem+json";

    public static JsonResult Result(int status, string code, string title, string detail, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["code"] = code,
            ["detail"] = detail,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, object?>())
        {
            body[name] = value;
        }
        return new JsonResult(body, ApiJson.Options) { StatusCode = status, ContentType = ContentType };
    }

    public static JsonResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, "badRequest", "The request is not one this action takes", detail);

    public static JsonResult Timeout(TimeSpan deadline) =>
        Result(StatusCodes.Status504GatewayTimeout, "timeout", "The action did not finish in time", $"no answer within {deadline.TotalSeconds:0} s; the status and logs say what was done before it stopped");

    public static JsonResult CaUnavailable(string detail) =>
        Result(StatusCodes.Status502BadGateway, "caUnavailable", "The ACME server did not answer usefully", detail);
}
