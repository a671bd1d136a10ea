using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Notes;

namespace Platform.Core.Search;

/// <summary>
/// The search subscription of the events topic: keeps the index in step with notes. Every <c>note.*</c> event (created,
/// updated, deleted, and moderation decisions, whatever their names) re-syncs that note from the store; engagement changes
/// go to the index in batches. Other events are not about search and complete at once.
/// </summary>
public sealed class SearchIndexHandler(NoteIndexer indexer, EngagementBatcher engagement) : IMessageHandler
{
    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == EngagementEvents.Changed)
        {
            var changed = message.GetBody<NoteEngagementChanged>();
            RequireNoteId(message, changed.NoteId);
            await engagement.SubmitAsync(new EngagementUpdate(changed.NoteId, changed.Counts), changed.AsOf, cancellationToken);
        }
        else if (message.Type.StartsWith("note.", StringComparison.Ordinal))
        {
            // The event carries the note, but events of one note can arrive out of order on this subscription: reading the note
            // as it is now makes every delivery, late or repeated, leave the index right.
            var note = message.GetBody<NoteReference>();
            RequireNoteId(message, note.NoteId);
            await indexer.SyncNoteAsync(note.NoteId!, cancellationToken);
        }
    }

    private static void RequireNoteId(IncomingMessage message, string? noteId)
    {
        if (!Ids.IsWellFormed(noteId))
        {
            throw new PoisonMessageException("search.invalid_note_id", $"Message {message.Id} ({message.Type}) names no valid note id.");
        }
    }

    /// <summary>What every note event body has (<see cref="NoteChanged"/> and the moderation events).</summary>
    private sealed record NoteReference(string? NoteId);
}
