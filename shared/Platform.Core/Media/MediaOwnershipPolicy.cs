using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>A note may carry only media its author uploaded and that processing has accepted; the media records which
/// notes carry them.</summary>
public sealed class MediaOwnershipPolicy(IDocumentStore documents) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken)
    {
        // Media already on the note passed this check when it was added.
        foreach (var mediaId in proposed.MediaIds.Except(previous?.MediaIds ?? [], StringComparer.Ordinal))
        {
            var found = await documents.FindAsync<MediaItem>(Collections.Media, mediaId, mediaId, cancellationToken);
            if (found is null)
            {
                throw PlatformException.Invalid("mediaIds", "media.not_found", $"Media '{mediaId}' does not exist.");
            }

            var media = found.Value;
            if (media.OwnerId != proposed.AuthorId)
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

        // Each media item remembers the notes it is on, so its renditions can follow them (see MediaService).
        foreach (var mediaId in proposed.MediaIds)
        {
            await documents.UpdateAsync<MediaItem>(Collections.Media, mediaId, mediaId,
                m => m is null || m.NoteIds.Contains(proposed.Id, StringComparer.Ordinal) ? null : m with { NoteIds = [.. m.NoteIds, proposed.Id] },
                DocumentUpdates.UntilWritten, cancellationToken);
        }

        return proposed;
    }
}
