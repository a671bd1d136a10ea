using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Readers;

/// <summary>What the counting rules need to know of a note: who wrote it and which products it tags.</summary>
public sealed record NoteFacts(string NoteId, string AuthorId, IReadOnlySet<string> ProductIds);

/// <summary>
/// Note facts for the counting rules, cached for <see cref="ReaderEventsOptions.NoteFactsCacheDuration"/>: a feed page reports
/// the same notes again and again, so the endpoint reads each note once in a while, not once per event. Only notes others can
/// see are known; a missing note is not cached (it may be published a moment later).
/// </summary>
public sealed class NoteFactsCache(IDocumentStore store, IOptions<ReaderEventsOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (NoteFacts Facts, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<NoteFacts?> FindAsync(string noteId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(noteId, out var hit) && hit.Until > now)
        {
            return hit.Facts;
        }

        var note = (await store.FindAsync<Note>(Collections.Notes, noteId, noteId, cancellationToken))?.Value;
        if (note is not { IsVisibleToOthers: true })
        {
            _cache.TryRemove(noteId, out _);
            return null;
        }

        var facts = new NoteFacts(note.Id, note.AuthorId, note.ProductIds.ToHashSet(StringComparer.Ordinal));
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear(); // crude but bounded: the hot notes come back at once
        }

        _cache[noteId] = (facts, now + options.Value.NoteFactsCacheDuration);
        return facts;
    }
}
