using System.Globalization;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// One certificate of a local fleet run with <c>Fleet:Certificates</c> (<see cref="LocalFleet.StartAsync"/> with
/// certificates): "c{i}" covering "c{i}.{ServiceName}". Only the first carries each LB's ExtraName: that keeps every
/// LB's own name on one certificate, as an operator would, and the others identical on every LB.
/// </summary>
public sealed record LocalCertificate(string Name, IReadOnlyList<string> Names, bool CarriesLbExtraName)
{
    public static LocalCertificate Numbered(int index) => new(
        string.Create(CultureInfo.InvariantCulture, $"c{index}"),
        [string.Create(CultureInfo.InvariantCulture, $"c{index}.{LocalFleet.ServiceName}")],
        CarriesLbExtraName: index == 0);

    /// <summary>The name a TLS client asks <paramref name="lb"/> for to get this certificate: the LB's own name where it carries it, else its first name.</summary>
    public string SniName(string lb) => CarriesLbExtraName ? $"{lb}.{LocalFleet.ServiceName}" : Names[0];

    /// <summary>Its <c>Fleet:Certificates</c> element as fleet.json spells it.</summary>
    public object ToJson() => new { Name, Names, CarriesLbExtraName };
}
