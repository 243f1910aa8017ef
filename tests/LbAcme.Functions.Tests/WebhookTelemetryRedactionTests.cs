using Microsoft.ApplicationInsights.DataContracts;

namespace LbAcme.Functions.Tests;

/// <summary>The dependency Application Insights records for a webhook call keeps its host and loses the secret path and query.</summary>
public sealed class WebhookTelemetryRedactionTests
{
    private static readonly Uri Teams = new("https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRET");

    [Fact]
    public void A_call_to_a_configured_webhook_is_recorded_without_its_path_and_query()
    {
        var dependency = new DependencyTelemetry("Http", "prod-01.westeurope.logic.azure.com", "POST /workflows/abc/triggers/manual/paths/invoke", Teams.AbsoluteUri);

        new WebhookTelemetryRedaction([Teams]).Initialize(dependency);

        Assert.Equal("https://prod-01.westeurope.logic.azure.com/[webhook]", dependency.Data);
        Assert.Equal("POST /[webhook]", dependency.Name);
        Assert.DoesNotContain("SECRET", dependency.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_calls_are_recorded_as_they_are()
    {
        const string Acme = "https://acme-v02.api.letsencrypt.org/acme/new-order";
        var dependency = new DependencyTelemetry("Http", "acme-v02.api.letsencrypt.org", "POST /acme/new-order", Acme);

        new WebhookTelemetryRedaction([Teams]).Initialize(dependency);

        Assert.Equal((Acme, "POST /acme/new-order"), (dependency.Data, dependency.Name));
    }
}
