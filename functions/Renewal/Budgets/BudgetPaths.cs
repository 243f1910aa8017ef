using LbAcme.Core.Store;

namespace LbAcme.Renewal.Budgets;

/// <summary>The budget documents, all under budgets/ in the shared store.</summary>
public static class BudgetPaths
{
    /// <summary>The account's new orders (one account per fleet; after a directory change both accounts count together, which only errs on the careful side).</summary>
    public const string NewOrders = StoreLayout.BudgetsPrefix + "account/new-orders.json";

    /// <summary>An exact name set's certificates: budgets/{SHA-256 of the sorted names}.json, as before.</summary>
    public static string ExactSet(IEnumerable<string> names) => StoreLayout.Budget(NameSet.Id(names));

    /// <summary>A registered domain's certificates and its names' failed validations (an ASCII host name is blob-safe).</summary>
    public static string RegisteredDomain(string domain) => $"{StoreLayout.BudgetsPrefix}domains/{domain}.json";
}
