namespace LbAcme.AttackBench.Attacks;

/// <summary>One attack: runs for the duration given (bounded in count too), leaves nothing behind, and says what it did.</summary>
internal interface IAttack
{
    /// <summary>The command-line name, e.g. <c>peer-idle</c>.</summary>
    string Name { get; }

    /// <summary>What it is, for the table.</summary>
    string Title { get; }

    /// <summary>Attacks, in full force for the window's duration after it begins, and answers a one-line account of the load it produced.</summary>
    Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken);
}
