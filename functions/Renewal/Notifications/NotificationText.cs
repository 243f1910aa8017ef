using System.Globalization;
using LbAcme.Core.Fleet;
using LbAcme.Core.Text;

namespace LbAcme.Renewal.Notifications;

/// <summary>The sentences Slack and Teams show for an event, before each channel's own escaping.</summary>
public static class NotificationText
{
    /// <summary>E.g. "renewal failed": the event's JSON name, for people.</summary>
    public static string Label(NotificationEventKind kind) =>
        JsonEnumNames.Of(kind, NotificationJson.Default.NotificationEventKind).Replace('_', ' ');

    /// <summary>E.g. "CRITICAL failing: lb1" or "Recovered: lb1 is ok again (was stuck)".</summary>
    public static string Title(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var who = Subject(e);
        if (e.Event == NotificationEventKind.Recovered)
        {
            var was = e.PreviousState is { } previous ? $" (was {previous.Replace('_', ' ')})" : "";
            return $"Recovered: {who} is ok again{was}";
        }
        var still = e.Reminder ? " (still)" : "";
        return $"{e.Severity.ToString().ToUpperInvariant()} {Label(e.Event)}: {who}{still}";
    }

    /// <summary>
    /// What the event is about: the LB (with its certificate, unless that is the one-certificate fleet's "default"), else
    /// the address, else the whole fleet.
    /// </summary>
    public static string Subject(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var lbText = e.Lb is { } lb && e.Certificate is { } certificate && certificate != FleetCertificates.DefaultName ? $"{lb} {certificate}" : e.Lb;
        return lbText is { } who ? e.Address is { } address ? $"{who} ({address})" : who : e.Address ?? "the fleet";
    }

    /// <summary>The facts a channel lists under the summary, in order; absent ones are left out.</summary>
    public static IReadOnlyList<(string Title, string Value)> Facts(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var facts = new List<(string, string)>();
        Add(facts, "LB", e.Lb);
        Add(facts, "Certificate", e.Certificate);
        Add(facts, "Address", e.Address);
        Add(facts, "State", e.State.Replace('_', ' ') + (e.PreviousState is { } previous && previous != e.State ? $" (was {previous.Replace('_', ' ')})" : ""));
        Add(facts, "Serial", e.Serial);
        Add(facts, "Not after", e.NotAfter?.ToString("u", CultureInfo.InvariantCulture));
        Add(facts, "Since", e.OccurredAt.ToString("u", CultureInfo.InvariantCulture));
        return facts;
    }

    private static void Add(List<(string, string)> facts, string title, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            facts.Add((title, value));
        }
    }
}
