namespace LbAcme.Core.Store;

/// <summary>
/// The identity-based way to the shared store (<see cref="StoreOptions.ServiceUri"/>): the blob service URL
/// from the deployment's outputs plus the container name, signed in with a token credential (in Azure the
/// managed identity) instead of a key or SAS.
/// </summary>
public static class StoreEndpoint
{
    /// <summary>
    /// The container URL under <paramref name="serviceUri"/>, e.g. https://acct.blob.core.windows.net/lb-acme.
    /// Bearer tokens only travel over https, so anything else is refused with the field named.
    /// </summary>
    public static Uri ContainerUri(Uri serviceUri, string container)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        if (!serviceUri.IsAbsoluteUri || serviceUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Store:ServiceUri: '{serviceUri}' must be an absolute https URL (the storage account's blob endpoint)", nameof(serviceUri));
        }
        if (!string.IsNullOrEmpty(serviceUri.Query) || !string.IsNullOrEmpty(serviceUri.Fragment))
        {
            throw new ArgumentException($"Store:ServiceUri: '{serviceUri}' must not carry a query (a SAS goes in Store:ContainerSasUri)", nameof(serviceUri));
        }
        if (string.IsNullOrWhiteSpace(container))
        {
            throw new ArgumentException("Store:Container: required with Store:ServiceUri", nameof(container));
        }
        var baseUri = serviceUri.AbsoluteUri.EndsWith('/') ? serviceUri : new Uri(serviceUri.AbsoluteUri + "/");
        return new Uri(baseUri, Uri.EscapeDataString(container));
    }
}
