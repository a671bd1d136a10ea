using System.Globalization;
using Platform.Core.Community;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>
/// A user's uploads in export and erasure: erasure deletes the originals still waiting, every rendition, the perceptual-hash
/// entries and the media records, so nothing of the account is served any more (renditions answer 404).
/// </summary>
public sealed class MediaPersonalData(IDocumentStore documents, IBlobStore blobs, MediaHashIndex hashes) : IPersonalDataParticipant
{
    /// <inheritdoc/>
    public string Section => "media";

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) =>
        (await OwnedAsync(userId, cancellationToken)).Select(m => m.Value).ToList();

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var item in (await OwnedAsync(userId, cancellationToken)).Select(m => m.Value))
        {
            await DeleteBlobsAsync(BlobContainers.Media, item.Id + "/", cancellationToken);
            if (item.PerceptualHash is { } hex)
            {
                await hashes.RemoveAsync(ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture), item.Id, cancellationToken);
            }

            await documents.DeleteAsync(Collections.Media, item.Id, item.Id, null, cancellationToken);
        }

        // Uploads that never became a record's rendition (abandoned, or not processed yet).
        await DeleteBlobsAsync(BlobContainers.Uploads, userId + "/", cancellationToken);
    }

    private async Task DeleteBlobsAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in blobs.ListAsync(container, prefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        foreach (var name in names)
        {
            await blobs.DeleteAsync(container, name, cancellationToken);
        }
    }

    private Task<List<StoredDocument<MediaItem>>> OwnedAsync(string userId, CancellationToken cancellationToken) =>
        Paging.AllAsync<MediaItem>(documents, Collections.Media, new DocumentQuery { Where = [new("ownerId", userId)], OrderBy = "createdAt" }, cancellationToken);
}
