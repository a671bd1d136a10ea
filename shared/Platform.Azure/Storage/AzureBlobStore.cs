using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Platform.Core.Storage;
using BlobInfo = Platform.Core.Storage.BlobInfo;

namespace Platform.Azure.Storage;

/// <summary>
/// Blobs in Azure Blob Storage, reached with the app's managed identity. Upload slots are user delegation SAS URLs:
/// signed with a key Entra ID issues to the identity (no account key exists in the app), scoped to one blob, create and
/// write only, and short-lived. A client signed in with a shared key (Azurite's development account) gets a service SAS
/// with the same scope instead, so tests exercise the same URL shape.
/// </summary>
/// <inheritdoc/>
public sealed class AzureBlobStore(BlobServiceClient service, TimeProvider clock) : IBlobStore
{
    // Clocks of clients and the service differ a little; a slot must work the moment it is handed out.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(6);
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    /// <inheritdoc/>
    public async Task PutAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        await Blob(container, name).UploadAsync(content, options, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await Blob(container, name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new BlobInfo(name, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<Stream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
    {
        try
        {
            // allowModifications: false pins the version opened; a concurrent rewrite fails the read instead of mixing bytes.
            return await Blob(container, name).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken) =>
        (await Blob(container, name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value;

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlobInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blobs = service.GetBlobContainerClient(container).GetBlobsAsync(
            new GetBlobsOptions { Prefix = string.IsNullOrEmpty(prefix) ? null : prefix }, cancellationToken);
        await foreach (var blob in blobs)
        {
            yield return new BlobInfo(blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified ?? default);
        }
    }

    /// <inheritdoc/>
    public async Task<UploadSlot> CreateUploadSlotAsync(string container, string name, UploadSlotRequest request, CancellationToken cancellationToken)
    {
        var blob = Blob(container, name);
        var sas = new BlobSasBuilder
        {
            BlobContainerName = container,
            BlobName = name,
            Resource = "b",
            StartsOn = clock.GetUtcNow() - ClockSkew,
            ExpiresOn = request.ExpiresAt,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        // Create and write only: the URL can neither read nor list nor delete. Write is needed for block uploads of large videos.
        sas.SetPermissions(BlobSasPermissions.Create | BlobSasPermissions.Write);

        Uri url;
        if (blob.CanGenerateSasUri)
        {
            url = blob.GenerateSasUri(sas);
        }
        else
        {
            var key = await DelegationKeyAsync(request.ExpiresAt, cancellationToken);
            url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, service.AccountName) }.ToUri();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-ms-blob-type"] = "BlockBlob",
            ["Content-Type"] = request.ContentType,
        };
        return new UploadSlot(url, request.ExpiresAt, headers);
    }

    /// <summary>A user delegation key valid past <paramref name="until"/>; one key signs many slots, so it is cached.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < until)
            {
                var now = clock.GetUtcNow();
                var expires = Max(now + DelegationKeyLifetime, until + ClockSkew);
                _delegationKey = (await service.GetUserDelegationKeyAsync(now - ClockSkew, expires, cancellationToken)).Value;
            }

            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private BlobClient Blob(string container, string name) => service.GetBlobContainerClient(container).GetBlobClient(name);
}
