using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Store;

/// <summary>
/// The store key of a state or a run record: <see cref="FleetCertificates.SubjectKey"/> of its LB and certificate, a
/// record without a certificate being the default one's (written before several certificates existed). Read back
/// by <see cref="Split"/>, which the leftover listing needs to tell an LB's blobs from one certificate's.
/// </summary>
public static class Subjects
{
    public static string Of(LbState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return FleetCertificates.SubjectKey(state.Lb, state.Certificate ?? FleetCertificates.DefaultName);
    }

    public static string Of(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return FleetCertificates.SubjectKey(record.Lb, record.Certificate ?? FleetCertificates.DefaultName);
    }

    /// <summary>The LB and certificate of a subject key: neither name has a '.', so the first one separates them.</summary>
    public static (string Lb, string Certificate) Split(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var dot = subject.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (subject, FleetCertificates.DefaultName) : (subject[..dot], subject[(dot + 1)..]);
    }
}
