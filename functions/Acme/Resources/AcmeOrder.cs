namespace LbAcme.Acme.Resources;

/// <summary>An order's URL and the CA's last view of it.</summary>
public sealed record AcmeOrder(Uri Location, OrderResource Resource)
{
    public string Status => Resource.Status;
}
