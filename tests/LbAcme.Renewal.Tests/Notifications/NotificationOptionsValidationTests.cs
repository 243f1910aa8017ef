using LbAcme.Core.Fleet;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// Fleet:Notifications checked at start, each error naming its field; a webhook's URL setting is read from the app
/// settings, and a missing, unresolved or non-https one is refused by the setting's name, never by its value.
/// </summary>
public sealed class NotificationOptionsValidationTests
{
    private const string Secret = "https://hooks.example.test/services/T0/B0/secret-token?sig=abc";

    [Fact]
    public void The_defaults_are_three_failures_and_daily_reminders_and_nothing_configured_is_valid()
    {
        var options = new NotificationOptions();

        Assert.Equal((3, TimeSpan.FromDays(1)), (options.FailingAfter, options.ReminderInterval));
        Assert.Empty(NotificationOptionsValidation.Check(options, Settings()));
    }

    [Fact]
    public void Each_wrong_field_is_named()
    {
        var options = new NotificationOptions
        {
            FailingAfter = 0,
            ReminderInterval = TimeSpan.FromHours(12),
            Webhooks = [new() { Name = "ops", UrlSetting = "OPS_HOOK" }, new() { Name = "OPS", UrlSetting = "OTHER" }, new() { Name = "bad name", UrlSetting = Secret }],
        };

        var errors = NotificationOptionsValidation.Check(options, Settings(("OPS_HOOK", "https://hooks.example.test/a"), ("OTHER", "https://hooks.example.test/b")));

        Assert.Contains(errors, e => e.StartsWith("Fleet:Notifications:FailingAfter: 0 must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Fleet:Notifications:ReminderInterval: '12:00:00' must be at least 1.00:00:00", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Fleet:Notifications:Webhooks: name 'ops' appears 2 times", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Fleet:Notifications:Webhooks[2]:Name: 'bad name'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Fleet:Notifications:Webhooks[2]:UrlSetting: must be the NAME of an app setting", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("secret-token", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "app setting 'OPS_HOOK' is not set")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/ops-hook/)", "app setting 'OPS_HOOK' is a Key Vault reference the platform could not resolve")]
    [InlineData("http://hooks.example.test/services/T0/B0/secret-token?sig=abc", "app setting 'OPS_HOOK' must hold an absolute https URL (http only on loopback)")]
    [InlineData("http://localhost:8080/secret-token?sig=abc", "app setting 'OPS_HOOK' must hold an absolute https URL (http only on loopback)")]
    [InlineData("hooks.example.test/secret-token?sig=abc", "app setting 'OPS_HOOK' must hold an absolute https URL")]
    public void A_missing_unresolved_or_plain_http_URL_setting_is_refused_by_name_and_never_quoted(string? value, string expected)
    {
        var options = new NotificationOptions { Webhooks = [new() { Name = "ops", Kind = WebhookKind.Slack, UrlSetting = "OPS_HOOK" }] };

        var error = Assert.Single(NotificationOptionsValidation.Check(options, value is null ? Settings() : Settings(("OPS_HOOK", value))));

        Assert.StartsWith($"Fleet:Notifications:Webhooks[0]:UrlSetting: {expected}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ops-hook", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.example.test/services/T0/B0/x")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://[::1]:8080/hook")]
    public void An_https_URL_or_a_loopback_http_one_is_accepted(string url)
    {
        var options = new NotificationOptions { Webhooks = [new() { Name = "ops", UrlSetting = "OPS_HOOK" }] };

        Assert.Empty(NotificationOptionsValidation.Check(options, Settings(("OPS_HOOK", url))));
    }

    [Fact]
    public void The_fleet_file_binds_the_section_and_a_kind_it_does_not_know_is_named_with_the_choices()
    {
        var fleet = Fleet(("Notifications:Webhooks:0:Name", "ops"), ("Notifications:Webhooks:0:Kind", "teams"), ("Notifications:Webhooks:0:UrlSetting", "OPS_HOOK"),
            ("Notifications:FailingAfter", "5"), ("Notifications:ReminderInterval", "2.00:00:00"));
        Assert.True(FleetBinding.TryLoad(fleet, out var bound, out _));
        Assert.Equal((WebhookKind.Teams, "OPS_HOOK", 5, TimeSpan.FromDays(2)),
            (bound.Notifications.Webhooks[0].Kind, bound.Notifications.Webhooks[0].UrlSetting, bound.Notifications.FailingAfter, bound.Notifications.ReminderInterval));
        Assert.Empty(FleetOptionsValidation.UnknownKeys(fleet));

        var wrong = Fleet(("Notifications:Webhooks:0:Name", "ops"), ("Notifications:Webhooks:0:Kind", "slak"), ("Notifications:Webhooks:0:UrlSetting", "OPS_HOOK"));
        Assert.False(FleetBinding.TryLoad(wrong, out _, out var errors));
        Assert.Contains("Fleet:Notifications:Webhooks[0]:Kind: 'slak' is not one of generic, slack, teams", errors);
    }

    [Fact]
    public void A_misspelt_notification_key_is_an_unknown_key_with_a_suggestion()
    {
        var unknown = FleetOptionsValidation.UnknownKeys(Fleet(("Notifications:Webhooks:0:Url", Secret)));

        Assert.Equal("Fleet:Notifications:Webhooks:0:Url", Assert.Single(unknown).Path);
        Assert.Contains("UrlSetting", Assert.Single(unknown).ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static IConfigurationSection Fleet(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Fleet:{s.Key}", s.Value))).Build().GetSection("Fleet");
}
