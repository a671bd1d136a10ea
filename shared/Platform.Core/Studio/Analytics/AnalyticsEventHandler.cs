using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// The analytics subscription of the events topic: turns platform events into <see cref="ContentEvent"/>s for
/// <see cref="ContentAnalyticsHandler"/>. Note events (created, updated, deleted, moderation) re-read the note, so a late
/// or repeated delivery leaves the analytics right; engagement counters are absolute. Other events complete at once.
/// </summary>
public sealed class AnalyticsEventHandler(IDocumentStore store, ContentAnalyticsHandler analytics) : IMessageHandler
{
    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == EngagementEvents.Changed)
        {
            var changed = message.GetBody<NoteEngagementChanged>();
            RequireNoteId(message, changed.NoteId);
            await analytics.HandleAsync(new ContentEvent
            {
                EventId = message.Id,
                NoteId = changed.NoteId,
                Kind = ContentEventKind.Totals,
                OccurredAt = changed.AsOf,
                Totals = new EngagementTotals(Likes: changed.Likes, Collects: changed.Collects, Comments: changed.Comments, Shares: changed.Shares),
            }, cancellationToken);
        }
        else if (message.Type.StartsWith("note.", StringComparison.Ordinal))
        {
            var noteId = message.GetBody<NoteReference>().NoteId;
            RequireNoteId(message, noteId);
            var note = (await store.FindAsync<Note>(Collections.Notes, noteId!, noteId!, cancellationToken))?.Value;
            await analytics.HandleAsync(ForNote(message.Id, noteId!, note), cancellationToken);
        }
    }

    /// <summary>What the analytics count of a note: its content while others can see it, nothing once they cannot.</summary>
    public static ContentEvent ForNote(string eventId, string noteId, Note? note) => note is { IsVisibleToOthers: true }
        ? new ContentEvent
        {
            EventId = eventId,
            NoteId = noteId,
            Kind = ContentEventKind.NoteChanged,
            OccurredAt = note.UpdatedAt,
            // The partner brand of a sponsored note; brands of tagged products join when the catalogue can name them.
            Note = new NoteSnapshot(note.Title, note.Topics, note.MediaIds.Count, HasVideo: false, note.Sponsored,
                note.PartnerBrandId is { } brand ? [brand] : [], note.CreatedAt),
        }
        : new ContentEvent { EventId = eventId, NoteId = noteId, Kind = ContentEventKind.NoteRemoved };

    private static void RequireNoteId(IncomingMessage message, string? noteId)
    {
        if (!Ids.IsWellFormed(noteId))
        {
            throw new PoisonMessageException("analytics.invalid_note_id", $"Message {message.Id} ({message.Type}) names no valid note id.");
        }
    }

    private sealed record NoteReference(string? NoteId);
}
