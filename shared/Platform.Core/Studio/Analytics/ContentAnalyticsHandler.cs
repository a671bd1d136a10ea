using Microsoft.Extensions.Logging;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// Keeps the content analytics up to date from events, incrementally: the note's metrics document takes the event,
/// then every scope the note counts in moves by the difference between what the note contributed and what it
/// contributes now. Idempotent: a redelivered event (same id) changes nothing, and a contribution left half-applied
/// by a crash is completed by the note's next event.
/// </summary>
/// <remarks>
/// Events of one note should be handled one at a time (a Service Bus session per note id); different notes run in
/// parallel, and the shared aggregate documents are updated with optimistic concurrency.
/// </remarks>
public sealed class ContentAnalyticsHandler(IDocumentStore store, ILogger<ContentAnalyticsHandler> logger)
{
    private const int MaxConflicts = 20;

    public async Task HandleAsync(ContentEvent e, CancellationToken cancellationToken)
    {
        var metrics = await RecordAsync(e, cancellationToken);
        await FlushAsync(metrics, cancellationToken);
    }

    private async Task<StoredDocument<NoteMetrics>> RecordAsync(ContentEvent e, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.FindAsync<NoteMetrics>(Collections.ContentMetrics, e.NoteId, e.NoteId, cancellationToken);
            var metrics = current?.Value ?? new NoteMetrics { NoteId = e.NoteId };
            if (metrics.HasSeen(e.EventId))
            {
                logger.LogDebug("Event {EventId} for note {NoteId} was already counted", e.EventId, e.NoteId);
                return current!;
            }

            var next = metrics.Apply(e);
            try
            {
                var etag = current is null
                    ? await store.CreateAsync(Collections.ContentMetrics, e.NoteId, e.NoteId, next, cancellationToken)
                    : await store.ReplaceAsync(Collections.ContentMetrics, e.NoteId, e.NoteId, next, current.ETag, cancellationToken);
                return new StoredDocument<NoteMetrics>(next, etag);
            }
            catch (Exception ex) when (attempt < MaxConflicts && ex is DocumentConflictException or DocumentPreconditionFailedException)
            {
                // Another event of this note landed first: apply ours on top of it.
            }
        }
    }

    private async Task FlushAsync(StoredDocument<NoteMetrics> stored, CancellationToken cancellationToken)
    {
        var metrics = stored.Value;
        var before = metrics.Applied;
        var after = metrics.Contribution();
        if ((before is null && after is null) || (after is not null && after.SameAs(before)))
        {
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

        try
        {
            await store.ReplaceAsync(Collections.ContentMetrics, metrics.NoteId, metrics.NoteId, metrics with { Applied = after }, stored.ETag, cancellationToken);
        }
        catch (DocumentPreconditionFailedException)
        {
            // A newer event recorded meanwhile; its own flush moves the aggregates from what they now hold.
            logger.LogWarning("Note {NoteId} changed while its analytics were applied; the next event reconciles", metrics.NoteId);
        }
    }

    private async Task UpdateScopeAsync(string scope, string noteId, NoteContribution? before, NoteContribution? after, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.FindAsync<ContentAggregate>(Collections.ContentAggregates, scope, scope, cancellationToken);
            var next = (current?.Value ?? new ContentAggregate { Scope = scope }).Apply(noteId, before, after);
            try
            {
                if (current is null)
                {
                    await store.CreateAsync(Collections.ContentAggregates, scope, scope, next, cancellationToken);
                }
                else
                {
                    await store.ReplaceAsync(Collections.ContentAggregates, scope, scope, next, current.ETag, cancellationToken);
                }

                return;
            }
            catch (Exception ex) when (attempt < MaxConflicts && ex is DocumentConflictException or DocumentPreconditionFailedException)
            {
                // Another note changed this scope at the same time: read it again.
            }
        }
    }
}
