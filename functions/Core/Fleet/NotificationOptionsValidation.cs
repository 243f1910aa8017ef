using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Checks <c>Fleet:Notifications</c> at start, each error naming its field. Given the app's settings it also reads each
/// webhook's URL setting, so a missing or unresolved one fails the start (named, never quoted) instead of the first
/// notification.
/// </summary>
public sealed partial class NotificationOptionsValidation(IConfiguration? settings = null) : IValidateOptions<FleetOptions>
{
    private const string Root = $"{FleetOptions.SectionName}:{nameof(FleetOptions.Notifications)}";

    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options.Notifications, settings);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Check(NotificationOptions notifications, IConfiguration? settings)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var errors = new List<string>();
        if (notifications.FailingAfter < 1)
        {
            errors.Add($"{Root}:FailingAfter: {notifications.FailingAfter} must be at least 1 (failed attempts in a row)");
        }
        if (notifications.ReminderInterval < NotificationOptions.MinimumReminderInterval)
        {
            errors.Add($"{Root}:ReminderInterval: '{notifications.ReminderInterval}' must be at least {NotificationOptions.MinimumReminderInterval} (reminders at most daily)");
        }
        var webhooks = notifications.Webhooks;
        for (var i = 0; i < webhooks.Count; i++)
        {
            var webhook = webhooks[i];
            var at = $"{Root}:Webhooks[{i}]";
            if (!NamePattern().IsMatch(webhook.Name))
            {
                errors.Add($"{at}:Name: '{webhook.Name}' must be 1-64 letters, digits, '-', '_' or '.'");
            }
            if (!Enum.IsDefined(webhook.Kind))
            {
                errors.Add($"{at}:Kind: '{webhook.Kind}' {KindProblem}");
            }
            if (!SettingPattern().IsMatch(webhook.UrlSetting))
            {
                // Not quoted: a URL pasted here by mistake is the channel's credential.
                errors.Add($"{at}:UrlSetting: must be the NAME of an app setting holding the URL (letters, digits, '_', '-', '.', ':'), not the URL itself");
            }
            else if (settings is not null && !WebhookUrl.TryRead(settings, webhook.UrlSetting, out _, out var problem))
            {
                errors.Add($"{at}:UrlSetting: {problem}");
            }
        }
        foreach (var duplicate in webhooks.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"{Root}:Webhooks: name '{duplicate.Key}' appears {duplicate.Count()} times");
        }
        return errors;
    }

    /// <summary>Values the binder cannot convert (a kind it does not know, a count or interval that is no number), by field.</summary>
    public static List<string> RawErrors(IConfiguration fleetSection)
    {
        ArgumentNullException.ThrowIfNull(fleetSection);
        var errors = new List<string>();
        var section = fleetSection.GetSection(nameof(FleetOptions.Notifications));
        if (section[nameof(NotificationOptions.FailingAfter)] is { } failingAfter && !int.TryParse(failingAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            errors.Add($"{Root}:FailingAfter: '{failingAfter}' is not a whole number");
        }
        if (section[nameof(NotificationOptions.ReminderInterval)] is { } interval && !TimeSpan.TryParse(interval, CultureInfo.InvariantCulture, out _))
        {
            errors.Add($"{Root}:ReminderInterval: '{interval}' is not a time span (d.hh:mm:ss, e.g. 1.00:00:00)");
        }
        var raw = section.GetSection(nameof(NotificationOptions.Webhooks)).GetChildren().ToList();
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i][nameof(WebhookOptions.Kind)] is { } kind && !(Enum.TryParse<WebhookKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)))
            {
                errors.Add($"{Root}:Webhooks[{i}]:Kind: '{kind}' {KindProblem}");
            }
        }
        return errors;
    }

    private static string KindProblem => $"is not one of {string.Join(", ", Enum.GetNames<WebhookKind>().Select(n => n.ToLowerInvariant()))}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex SettingPattern();
}
