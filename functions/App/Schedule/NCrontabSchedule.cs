using System.Globalization;

namespace LbAcme.Functions.Schedule;

/// <summary>
/// The six-field NCRONTAB the Functions timer uses — {second} {minute} {hour} {day} {month} {day-of-week},
/// in UTC — so the stand-in host fires on exactly the schedule the host would. Supports *, lists, ranges,
/// steps, and month/day names. When both day fields are restricted, either may match (classic cron).
/// </summary>
public sealed class NCrontabSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private readonly bool[] _seconds, _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _dayRestricted, _weekdayRestricted;

    private NCrontabSchedule(string text, bool[][] fields, bool dayRestricted, bool weekdayRestricted)
    {
        Text = text;
        (_seconds, _minutes, _hours, _days, _months, _weekdays) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        (_dayRestricted, _weekdayRestricted) = (dayRestricted, weekdayRestricted);
    }

    public string Text { get; }

    /// <summary>Parses an expression; a <see cref="FormatException"/> names the field that is wrong.</summary>
    public static NCrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' has {parts.Length} fields; NCRONTAB needs six: second minute hour day month day-of-week.");
        }
        var fields = new[]
        {
            Field(parts[0], "second", 0, 59, null),
            Field(parts[1], "minute", 0, 59, null),
            Field(parts[2], "hour", 0, 23, null),
            Field(parts[3], "day", 1, 31, null),
            Field(parts[4], "month", 1, 12, Months),
            Field(parts[5], "day-of-week", 0, 7, Days),
        };
        fields[5][0] |= fields[5][7]; // 7 is Sunday too
        return new NCrontabSchedule(expression, fields, parts[3] != "*", parts[5] != "*");
    }

    /// <summary>Parses an expression, or says which field is wrong.</summary>
    public static bool TryParse(string expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NCrontabSchedule? schedule, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        try
        {
            schedule = Parse(expression);
            problem = null;
            return true;
        }
        catch (FormatException e)
        {
            schedule = null;
            problem = e.Message;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC), within five years.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        var start = after.UtcDateTime;
        start = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second, DateTimeKind.Utc).AddSeconds(1);
        for (var day = start.Date; day < start.Date.AddYears(5); day = day.AddDays(1))
        {
            if (!_months[day.Month] || !DayMatches(day))
            {
                continue;
            }
            for (var h = day == start.Date ? start.Hour : 0; h < 24; h++)
            {
                if (!_hours[h])
                {
                    continue;
                }
                var sameHour = day == start.Date && h == start.Hour;
                for (var m = sameHour ? start.Minute : 0; m < 60; m++)
                {
                    if (!_minutes[m])
                    {
                        continue;
                    }
                    var sameMinute = sameHour && m == start.Minute;
                    for (var s = sameMinute ? start.Second : 0; s < 60; s++)
                    {
                        if (_seconds[s])
                        {
                            return new DateTimeOffset(day.AddHours(h).AddMinutes(m).AddSeconds(s), TimeSpan.Zero);
                        }
                    }
                }
            }
        }
        throw new InvalidOperationException($"'{Text}' has no occurrence within five years.");
    }

    private bool DayMatches(DateTime day)
    {
        var dom = _days[day.Day];
        var dow = _weekdays[(int)day.DayOfWeek];
        return (_dayRestricted, _weekdayRestricted) switch
        {
            (true, true) => dom || dow,
            (true, false) => dom,
            (false, true) => dow,
            _ => true,
        };
    }

    private static bool[] Field(string text, string name, int min, int max, string[]? names)
    {
        var set = new bool[max + 1];
        foreach (var item in text.Split(','))
        {
            var (range, step) = item.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"NCRONTAB {name} field: '{item}' has a bad step."),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max == 7 ? 6 : max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, name, min, max, names), Value(b, name, min, max, names));
            }
            else
            {
                from = Value(range, name, min, max, names);
                to = step > 1 ? (max == 7 ? 6 : max) : from;
            }
            if (from > to)
            {
                throw new FormatException($"NCRONTAB {name} field: range '{range}' runs backwards.");
            }
            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }
        return set;
    }

    private static int Value(string text, string name, int min, int max, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        if (index >= 0)
        {
            return names == Months ? index + 1 : index;
        }
        throw new FormatException($"NCRONTAB {name} field: '{text}' is not a value from {min} to {max}.");
    }
}
