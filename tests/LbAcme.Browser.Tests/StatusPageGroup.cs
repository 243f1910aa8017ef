namespace LbAcme.Browser.Tests;

/// <summary>The status page tests share one fleet and one chromium: a fleet costs a renewal run, and CI has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class StatusPageGroup : ICollectionFixture<StatusPageFixture>
{
    public const string Name = "status page";
}
