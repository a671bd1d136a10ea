using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Media;

/// <summary>A note may carry only media its author uploaded and that processing has accepted.</summary>
public sealed class MediaOwnershipPolicy(IDocumentStore documents) : INotePolicy
{
    /// <inheritdoc/>
    public async Task<Note> ApplyAsync(Caller caller, Note proposed, Note? previous, CancellationToken cancellationToken)
    {
        // Media already on the note passed this check when it was added.
        await MediaAttachments.CheckAsync(documents, proposed.AuthorId, proposed.MediaIds.Except(previous?.MediaIds ?? [], StringComparer.Ordinal),
            cancellationToken);
        return proposed;
    }
}
