using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>A derived state with its one-line reason and, unless ok, what to do next.</summary>
internal readonly record struct Verdict(CertificateState State, string Summary, string? Action)
{
    /// <summary>The worse verdict; on a tie the first (the earlier finding explains the state).</summary>
    public static Verdict Worst(Verdict a, Verdict b) => b.State > a.State ? b : a;
}
