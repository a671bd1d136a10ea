using Microsoft.Extensions.Logging;
using Platform.Core.Storage;

namespace Platform.Core.Messaging;

/// <summary>
/// A document that carries the events of its own writes (a transactional outbox inside the document): the events are
/// stored in <c>pendingEvents</c> by the same single-document write that changes the entity, so the write and its events
/// cannot diverge. <see cref="Outbox.FlushAsync{T}"/> sends them right after the write; <see cref="OutboxRelay"/> sends any
/// left behind (the process died, the bus was down) by reading the collection's change feed.
/// </summary>
/// <typeparam name="TSelf">The document type itself.</typeparam>
public interface IOutboxDocument<TSelf>
    where TSelf : IOutboxDocument<TSelf>
{
    /// <summary>Events written with the document and not yet known to be sent. Its JSON name must be <c>pendingEvents</c>.</summary>
    IReadOnlyList<OutgoingMessage> PendingEvents { get; }

    /// <summary>The same document with <see cref="PendingEvents"/> empty.</summary>
    TSelf WithoutPendingEvents();
}

/// <summary>The fast path of the document outbox: send a document's pending events right after writing it, then clear them.</summary>
public sealed class Outbox(IDocumentStore store, IMessageBus bus, ILogger<Outbox> logger)
{
    /// <summary>The JSON property that holds a document's pending events.</summary>
    public const string PendingEventsProperty = "pendingEvents";

    /// <summary>
    /// Sends <paramref name="written"/>'s pending events and clears them with an ETag-checked replace. Never fails the
    /// caller's request once its write is stored: if sending or clearing fails, the relay sends the events later (and
    /// receivers drop the duplicates by message id). Returns what is now stored as far as this call knows.
    /// </summary>
    public async Task<StoredDocument<T>> FlushAsync<T>(
        string collection, string partitionKey, string id, StoredDocument<T> written, CancellationToken cancellationToken)
        where T : IOutboxDocument<T>
    {
        if (written.Value.PendingEvents.Count == 0)
        {
            return written;
        }

        try
        {
            await bus.PublishAsync(written.Value.PendingEvents, cancellationToken);
            var cleared = written.Value.WithoutPendingEvents();
            var etag = await store.ReplaceAsync(collection, partitionKey, id, cleared, written.ETag, cancellationToken);
            return new StoredDocument<T>(cleared, etag);
        }
        catch (DocumentPreconditionFailedException)
        {
            // Someone wrote the document again in between; that write (or the relay) carries the events on.
            return written;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Events of {Collection} {DocumentId} were not sent now; the outbox relay will send them", collection, id);
            return written;
        }
    }
}

/// <summary>A collection whose documents carry <c>pendingEvents</c> for <see cref="OutboxRelay"/> (see <c>AddOutbox</c>).</summary>
public sealed record OutboxCollection(string Name);
