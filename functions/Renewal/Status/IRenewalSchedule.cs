namespace LbAcme.Renewal.Status;

/// <summary>
/// The renewal timer's schedule as the status needs it (the next firing after a moment). The app implements it over
/// the NCRONTAB setting the timer reads, so the status and the timer cannot disagree about when a run is due.
/// </summary>
public interface IRenewalSchedule
{
    /// <summary>The first firing strictly after <paramref name="after"/>.</summary>
    DateTimeOffset NextAfter(DateTimeOffset after);
}
