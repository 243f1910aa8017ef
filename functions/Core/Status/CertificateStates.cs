using System.Collections.Frozen;
using LbAcme.Core.Text;

namespace LbAcme.Core.Status;

/// <summary>The stable strings of <see cref="CertificateState"/>, read from its JSON names so the two cannot differ.</summary>
public static class CertificateStates
{
    private static readonly FrozenDictionary<CertificateState, string> Labels = JsonEnumNames.All(StatusJson.Default.CertificateState);

    public static IReadOnlyCollection<CertificateState> All => Labels.Keys;

    /// <summary>E.g. "rolling_out": the JSON value and the metrics/notification label.</summary>
    public static string Label(this CertificateState state) => Labels[state];

    /// <summary>E.g. "rolling out": what people read on the page and in the terminal.</summary>
    public static string Display(this CertificateState state) => Labels[state].Replace('_', ' ');

    /// <summary>The worse of two states (the enum's order is the severity).</summary>
    public static CertificateState Worst(CertificateState a, CertificateState b) => a >= b ? a : b;
}
