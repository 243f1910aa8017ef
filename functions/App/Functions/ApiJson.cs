using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace LbAcme.Functions.Functions;

/// <summary>
/// The JSON every HTTP function answers with: web casing and every enum as its name, so a client reads
/// <c>"outcome":"Failed"</c> on every endpoint and never a number that shifts when a member is added.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonResult Result(object? value, int statusCode) => new(value, Options) { StatusCode = statusCode };
}
