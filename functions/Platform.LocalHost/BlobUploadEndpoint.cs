using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Platform.Core.Common;
using Platform.Embedded.Storage;

namespace Platform.LocalHost;

internal static class BlobUploadEndpoint
{
    /// <summary>
    /// <c>PUT /blobs/{container}/{name}?expires=&amp;max=&amp;type=&amp;sig=</c>: the embedded stand-in for uploading
    /// straight to Blob Storage with a SAS URL. Only the embedded host has it; in Azure clients upload to the storage account.
    /// </summary>
    public static void MapBlobUploads(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.Has<FileSystemBlobStore>())
        {
            return; // Azure mode: uploads go to the storage account
        }

        endpoints.MapPut(FileSystemBlobStore.UploadRoutePrefix + "/{container}/{**name}", async (
            HttpContext context, string container, string name, FileSystemBlobStore store, CancellationToken cancellationToken) =>
        {
            var query = new UploadSlotQuery(
                Long(context.Request.Query["expires"]), Long(context.Request.Query["max"]), context.Request.Query["type"], context.Request.Query["sig"]);
            // Kestrel's default body limit (about 28.6 MB) is below the product's; the signed limit is enforced while copying.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = Math.Max(0, query.MaxBytes) + 1;
            }

            await store.AcceptUploadAsync(
                container, name, query, context.Request.ContentType, context.Request.ContentLength, context.Request.Body, cancellationToken);
            return TypedResults.Created();
        });
    }

    private static long Long(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
}
