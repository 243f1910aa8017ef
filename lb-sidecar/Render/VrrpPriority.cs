namespace LbAcme.Sidecar.Render;

/// <summary>
/// The reference design's rotation: every VIP has a different LB with the top priority, and when that LB dies
/// the next one in the rotation takes it. LB i on VIP j gets 101 + ((i + j) mod N): with three LBs, LB0 has
/// 101/102/103 on VIP 1/2/3, LB1 102/103/101, LB2 103/101/102.
/// </summary>
internal static class VrrpPriority
{
    public const int Base = 101;

    public static int For(int lbIndex, int vipIndex, int lbCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lbIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(vipIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(lbCount, 1);
        return Base + ((lbIndex + vipIndex) % lbCount);
    }
}
