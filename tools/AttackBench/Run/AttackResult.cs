using LbAcme.AttackBench.Legit;

namespace LbAcme.AttackBench.Run;

/// <summary>One row: what the legitimate client saw during the attack, the sidecars' RSS (MB, the largest of the three) and their log growth.</summary>
internal sealed record AttackResult(string Name, string Title, LegitStats Legit, double RssBeforeMb, double RssPeakMb, double? RssAfterMb, long LogBytes, string Load);
