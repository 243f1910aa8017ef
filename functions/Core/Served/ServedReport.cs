namespace LbAcme.Core.Served;

/// <summary>One run of the served-certificate probe over every VIP and LB address (stored at <see cref="Store.StoreLayout.ServedReport"/>).</summary>
public sealed record ServedReport(DateTimeOffset Started, DateTimeOffset Finished, IReadOnlyList<ServedObservation> Observations);
