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
        await MediaAttachments.CheckAsync(documents, proposed.AuthorId, proposed.MediaIds.Except(previous?.MediaIds ?? [], StringComparer.Ordinal),
            cancellationToken);

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
