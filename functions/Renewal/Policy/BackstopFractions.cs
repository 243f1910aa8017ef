namespace LbAcme.Renewal.Policy;

/// <summary>How much of a certificate's lifetime may be left before the backstop renews it.</summary>
public sealed record BackstopFractions(double Normal, double ShortLived)
{
    /// <summary>Let's Encrypt's advice: a third left, a half for certificates under 10 days.</summary>
    public static BackstopFractions Default { get; } = new(1.0 / 3, 0.5);
}
