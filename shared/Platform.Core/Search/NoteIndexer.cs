using Platform.Core.Community;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Search;

/// <summary>
/// Keeps the search index in step with notes; the transport-agnostic part of the search message handlers.
/// A note event only names the note: the indexer reads the note (and its counters) as they are now and indexes it if others
/// may see it, or removes it otherwise. So an event delivered twice, late or out of order still leaves the index right.
/// </summary>
public sealed class NoteIndexer(IDocumentStore store, ISearchIndex index)
{
    /// <summary>Largest batch sent to the index in one call (Azure AI Search accepts at most 1,000 actions per batch).</summary>
    public const int MaxBatch = 1000;

    /// <summary>Brings the index in line with the current state of each note (created, edited, deleted or moderated).</summary>
    public async Task SyncNotesAsync(IReadOnlyCollection<string> noteIds, CancellationToken cancellationToken)
    {
        var upserts = new List<NoteSearchDocument>();
        var deletes = new List<string>();
        foreach (var noteId in noteIds.Distinct(StringComparer.Ordinal))
        {
            var note = await store.FindAsync<Note>(Collections.Notes, noteId, noteId, cancellationToken);
            if (note is not null && NoteSearchDocument.From(note.Value, await CountsAsync(noteId, cancellationToken)) is { } document)
            {
                upserts.Add(document);
            }
            else
            {
                deletes.Add(noteId);
            }
        }

        foreach (var chunk in upserts.Chunk(MaxBatch))
        {
            await index.UpsertAsync(chunk, cancellationToken);
        }

        foreach (var chunk in deletes.Chunk(MaxBatch))
        {
            await index.DeleteAsync(chunk, cancellationToken);
        }
    }

    // The counters are the truth: a note removed from the index (held, hidden) comes back with them, not with zeros; no counter
    // document means nothing was counted yet. Sending them always also gives every document its ranking fields in both engines.
    private async Task<EngagementCounts> CountsAsync(string noteId, CancellationToken cancellationToken)
    {
        var subject = Subjects.Note(noteId);
        var counters = await store.FindAsync<CounterDocument>(Collections.Counters, subject, subject, cancellationToken);
        return counters is null ? EngagementCounts.Zero : CounterStore.EngagementOf(counters.Value.Counts);
    }

    public Task SyncNoteAsync(string noteId, CancellationToken cancellationToken) => SyncNotesAsync([noteId], cancellationToken);

    /// <summary>
    /// Applies a batch of engagement counter changes. Several changes to one note collapse to the last one (counters are
    /// absolute), so a burst of likes costs one index write per note, in batches.
    /// </summary>
    public async Task ApplyEngagementAsync(IEnumerable<EngagementUpdate> updates, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, EngagementUpdate>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            latest[update.NoteId] = update;
        }

        foreach (var chunk in latest.Values.Chunk(MaxBatch))
        {
            await index.UpdateEngagementAsync(chunk, cancellationToken);
        }
    }
}
