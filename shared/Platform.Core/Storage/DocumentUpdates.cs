namespace Platform.Core.Storage;

/// <summary>
/// The outcome of <see cref="DocumentUpdates.UpdateAsync{T}(IDocumentStore, string, string, string, Func{T, T}, CancellationToken)"/>:
/// the version the change was decided on, and the one written (null when the change said there was nothing to do).
/// </summary>
public sealed record DocumentUpdate<T>(StoredDocument<T>? Before, StoredDocument<T>? Written)
{
    public bool Changed => Written is not null;

    /// <summary>The document as it now stands: the one written, or the one read when nothing was written.</summary>
    public StoredDocument<T>? Current => Written ?? Before;
}

/// <summary>
/// Read-modify-write with optimistic concurrency: read the document, let a mutation decide its next version, write that
/// with the ETag read (or create it when there was none), and when another writer got there first, back off a little and
/// decide again on what it wrote.
/// </summary>
/// <remarks>
/// The mutation receives the current value (null when there is no document) and returns the next one, or null for
/// "nothing to change" (no write happens; when the document is missing, none is created). It may run several times, so it
/// must not have effects beyond its result; to refuse, it throws (a <c>PlatformException</c>), which ends the update.
/// When every attempt lost a race, the last store exception (<see cref="DocumentPreconditionFailedException"/>,
/// <see cref="DocumentConflictException"/> or <see cref="DocumentMissingException"/>) surfaces to the caller.
/// </remarks>
public static class DocumentUpdates
{
    public const int DefaultMaxAttempts = 10;

    /// <summary>For a change that must not be lost to contention (a count, a report): retry, backing off, until written.</summary>
    public const int UntilWritten = int.MaxValue;

    /// <summary>Longest pause between two attempts, in milliseconds.</summary>
    private const int MaxBackoffMilliseconds = 40;

    public static Task<DocumentUpdate<T>> UpdateAsync<T>(
        this IDocumentStore store, string collection, string partitionKey, string id, Func<T?, T?> mutate,
        CancellationToken cancellationToken)
        where T : class =>
        store.UpdateAsync<T>(collection, partitionKey, id, (current, _) => ValueTask.FromResult(mutate(current)), DefaultMaxAttempts, cancellationToken);

    public static Task<DocumentUpdate<T>> UpdateAsync<T>(
        this IDocumentStore store, string collection, string partitionKey, string id, Func<T?, T?> mutate, int maxAttempts,
        CancellationToken cancellationToken)
        where T : class =>
        store.UpdateAsync<T>(collection, partitionKey, id, (current, _) => ValueTask.FromResult(mutate(current)), maxAttempts, cancellationToken);

    public static Task<DocumentUpdate<T>> UpdateAsync<T>(
        this IDocumentStore store, string collection, string partitionKey, string id,
        Func<T?, CancellationToken, ValueTask<T?>> mutate, CancellationToken cancellationToken)
        where T : class =>
        store.UpdateAsync(collection, partitionKey, id, mutate, DefaultMaxAttempts, cancellationToken);

    /// <summary>The asynchronous form, for a mutation that reads other documents to decide.</summary>
    public static async Task<DocumentUpdate<T>> UpdateAsync<T>(
        this IDocumentStore store, string collection, string partitionKey, string id,
        Func<T?, CancellationToken, ValueTask<T?>> mutate, int maxAttempts, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            var before = await store.FindAsync<T>(collection, partitionKey, id, cancellationToken);
            if (await mutate(before?.Value, cancellationToken) is not { } next)
            {
                return new DocumentUpdate<T>(before, null);
            }

            try
            {
                var etag = before is null
                    ? await store.CreateAsync(collection, partitionKey, id, next, cancellationToken)
                    : await store.ReplaceAsync(collection, partitionKey, id, next, before.ETag, cancellationToken);
                return new DocumentUpdate<T>(before, new StoredDocument<T>(next, etag));
            }
            catch (Exception e) when (attempt < maxAttempts && IsLostRace(e))
            {
                // Jittered back-off: contenders spread out instead of colliding again on the next read.
                await Task.Delay(Random.Shared.Next(0, Math.Min(2 << Math.Min(attempt, 5), MaxBackoffMilliseconds)), cancellationToken);
            }
        }
    }

    /// <summary>Another writer created, replaced or deleted the document between this read and this write.</summary>
    public static bool IsLostRace(Exception e) =>
        e is DocumentConflictException or DocumentPreconditionFailedException or DocumentMissingException;
}
