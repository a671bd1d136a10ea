using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>
/// What content (a note, a product) may carry: media that exists, that the person attaching it uploaded, and that processing
/// has accepted. Anyone else's media, pending media and rejected media are refused with the same codes everywhere.
/// </summary>
public static class MediaAttachments
{
    public static async Task CheckAsync(IDocumentStore documents, string uploaderId, IEnumerable<string> mediaIds, CancellationToken cancellationToken)
    {
        foreach (var mediaId in mediaIds.Distinct(StringComparer.Ordinal))
        {
            var found = Ids.IsWellFormed(mediaId) ? await documents.FindAsync<MediaItem>(Collections.Media, mediaId, mediaId, cancellationToken) : null;
            if (found is null)
            {
                throw PlatformException.Invalid("mediaIds", "media.not_found", $"Media '{mediaId}' does not exist.");
            }

            var media = found.Value;
            if (media.OwnerId != uploaderId)
            {
                throw PlatformException.Forbidden("media.not_owner", $"Media '{mediaId}' was uploaded by someone else.");
            }

            switch (media.Status)
            {
                case MediaStatus.Pending:
                    throw PlatformException.Conflict("media.not_ready", $"Media '{mediaId}' is still being processed; try again shortly.");
                case MediaStatus.Rejected:
                    throw PlatformException.Invalid("mediaIds", "media.rejected",
                        $"Media '{mediaId}' was rejected ({media.Rejection?.Code}): {media.Rejection?.Message}");
            }
        }
    }
}
