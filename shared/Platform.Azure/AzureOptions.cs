using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

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

/// <summary>The storage account for media (uploads and renditions).</summary>
public sealed class BlobOptions
{
    public const string Section = "Platform:Blob";

    /// <summary>The account's blob endpoint, e.g. <c>https://{account}.blob.core.windows.net</c>.</summary>
    [Required]
    public Uri? ServiceUri { get; set; }
}

/// <summary>Checks <see cref="BlobOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class BlobOptionsValidator : IValidateOptions<BlobOptions>;

/// <summary>Checks <see cref="CosmosOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class CosmosOptionsValidator : IValidateOptions<CosmosOptions>;
