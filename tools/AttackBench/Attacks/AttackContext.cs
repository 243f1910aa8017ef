using LbAcme.AttackBench.Fleet;

namespace LbAcme.AttackBench.Attacks;

internal sealed record AttackContext(AttackFleet Fleet, BenchSettings Settings);
