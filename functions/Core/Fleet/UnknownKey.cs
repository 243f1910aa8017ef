namespace LbAcme.Core.Fleet;

/// <summary>A configuration key no options type binds, with what is wrong and the likely intended key.</summary>
/// <param name="Path">The key as configuration spells it, e.g. <c>Fleet:LoadBalancers:0:Nmae</c>.</param>
/// <param name="Problem">Why it is refused, with the suggestion, e.g. <c>unknown key; did you mean 'Fleet:LoadBalancers:0:Name'?</c>.</param>
public sealed record UnknownKey(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}
