using Azure.Core;

namespace LbAcme.Certificates.Stores;

/// <summary>
/// How a process reaches its Key Vault: the vault, the process's one credential, and optional client settings (a
/// transport with an extra trusted root, retries). <see cref="VerifyChallengeResource"/> is off only for endpoints
/// outside vault.azure.net (a private endpoint with its own CA, a local double).
/// </summary>
public sealed record KeyVaultConnection(Uri VaultUri, TokenCredential Credential, Action<ClientOptions>? Configure = null, bool VerifyChallengeResource = true);
