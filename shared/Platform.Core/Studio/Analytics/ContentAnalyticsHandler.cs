using Microsoft.Extensions.Logging;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// Keeps the content analytics up to date from events, incrementally: the note's metrics document takes the event,
/// then every scope the note counts in moves by the difference between what the note contributed and what it
/// contributes now. Idempotent: a redelivered event (same id) changes nothing. Deliveries may run in parallel: each
/// move is claimed on the note's metrics document (ETag) before it is applied, and the shared aggregate documents are
/// updated with optimistic concurrency.
/// </summary>
/// <remarks>
/// A process that dies between claiming a move and applying it to every scope leaves those scopes short of that one
/// change; the aggregates can be recounted from the metrics documents (see the analytics tests' recount).
/// </remarks>
public sealed class ContentAnalyticsHandler(IDocumentStore store, ILogger<ContentAnalyticsHandler> logger)
{
    private const int MaxAttempts = 21;

    public async Task HandleAsync(ContentEvent e, CancellationToken cancellationToken)
    {
        var metrics = await RecordAsync(e, cancellationToken);
        await FlushAsync(metrics, cancellationToken);
    }

    private async Task<StoredDocument<NoteMetrics>> RecordAsync(ContentEvent e, CancellationToken cancellationToken)
    {
        // Another event of this note landing first: ours applies on top of it.
        var update = await store.UpdateAsync<NoteMetrics>(Collections.ContentMetrics, e.NoteId, e.NoteId, current =>
        {
            var metrics = current ?? new NoteMetrics { NoteId = e.NoteId };
            return metrics.HasSeen(e.EventId) ? null : metrics.Apply(e);
        }, MaxAttempts, cancellationToken);
        if (!update.Changed)
        {
            logger.LogDebug("Event {EventId} for note {NoteId} was already counted", e.EventId, e.NoteId);
        }

        return update.Current!;
    }

    // Claims the move from what the aggregates hold to what the note contributes now with the metrics document's ETag
    // first, so two deliveries of the same note never both apply it: the one holding the older version loses and stops
    // (the newer version includes its event, and whoever holds that version applies it).
    private async Task FlushAsync(StoredDocument<NoteMetrics> stored, CancellationToken cancellationToken)
    {
        var metrics = stored.Value;
        var before = metrics.Applied;
        var after = metrics.Contribution();
        if ((before is null && after is null) || (after is not null && after.SameAs(before)))
        {
            return;
        }

        try
        {
            await store.ReplaceAsync(Collections.ContentMetrics, metrics.NoteId, metrics.NoteId, metrics with { Applied = after }, stored.ETag, cancellationToken);
        }
        catch (DocumentPreconditionFailedException)
        {
            logger.LogDebug("Note {NoteId} changed meanwhile; the newer event applies the change", metrics.NoteId);
            return;
        }

        var scopes = (before?.Scopes ?? []).Union(after?.Scopes ?? [], StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            await UpdateScopeAsync(scope, metrics.NoteId,
                before is not null && before.Scopes.Contains(scope) ? before : null,
                after is not null && after.Scopes.Contains(scope) ? after : null,
                cancellationToken);
        }
    }

    private async Task UpdateScopeAsync(string scope, string noteId, NoteContribution? before, NoteContribution? after, CancellationToken cancellationToken)
    {
        // Another note changing this scope at the same time: the move applies again to what it wrote.
        await store.UpdateAsync<ContentAggregate>(Collections.ContentAggregates, scope, scope,
            current => (current ?? new ContentAggregate { Scope = scope }).Apply(noteId, before, after), MaxAttempts, cancellationToken);
    }
}
