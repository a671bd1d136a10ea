using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Identity;

namespace Platform.Azure;

/// <summary>How the app authenticates to Azure services: always a managed identity, never a key.</summary>
public sealed class AzureOptions
{
    public const string Section = "Platform:Azure";

    /// <summary>Client id of the user-assigned managed identity; empty uses the developer's own sign-in (az login) or a system identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public TokenCredential CreateCredential() => string.IsNullOrEmpty(ManagedIdentityClientId)
        ? new DefaultAzureCredential()
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ManagedIdentityClientId));
}

public sealed class CosmosOptions
{
    public const string Section = "Platform:Cosmos";

    [Required]
    public Uri? AccountEndpoint { get; set; }

    [Required]
    public string DatabaseName { get; set; } = "platform";
}
