namespace Platform.Core.Storage;

/// <summary>
/// JSON documents in named collections, each document addressed by a partition key and an id.
/// Both adapters (Cosmos DB, SQLite) pass the same contract suite.
/// </summary>
/// <remarks>
/// The store owns two envelope properties, <c>id</c> and <c>pk</c>; a document type must not define a <c>pk</c> property.
/// ETags are opaque, unquoted strings; every successful write returns the new one.
/// </remarks>
public interface IDocumentStore
{
    /// <summary>Reads one document, or null when there is none.</summary>
    Task<StoredDocument<T>?> FindAsync<T>(string collection, string partitionKey, string id, CancellationToken cancellationToken);

    /// <summary>Creates a document; throws <see cref="DocumentConflictException"/> when the id is taken.</summary>
    Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a document only if its current ETag is <paramref name="ifMatch"/>; throws
    /// <see cref="DocumentPreconditionFailedException"/> when it changed and <see cref="DocumentMissingException"/> when it is gone.
    /// </summary>
    Task<string> ReplaceAsync<T>(string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Creates or overwrites a document unconditionally.</summary>
    Task<string> UpsertAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken);

    /// <summary>Deletes a document (only if its ETag matches, when given); false when there was none.</summary>
    Task<bool> DeleteAsync(string collection, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>One page of documents matching equality filters, in the order asked, with an opaque continuation.</summary>
    Task<DocumentPage<T>> QueryAsync<T>(string collection, DocumentQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// A change feed: documents of <paramref name="collection"/> created or replaced after <paramref name="checkpoint"/>, in the
    /// order of their last change, each once and in its latest version (a document written twice since the checkpoint appears
    /// once). Pass the returned <see cref="DocumentChangePage{T}.Checkpoint"/> back to continue; null starts from the beginning.
    /// Deletions do not appear: an entity whose changes must be seen is soft-deleted.
    /// </summary>
    Task<DocumentChangePage<T>> ReadChangesAsync<T>(string collection, string? checkpoint, int maxItems, CancellationToken cancellationToken);
}

public sealed record StoredDocument<T>(T Value, string ETag);

public sealed record DocumentPage<T>(IReadOnlyList<StoredDocument<T>> Items, string? Continuation);

/// <summary>One changed document, with the address and ETag needed to write it back.</summary>
public sealed record DocumentChange<T>(string PartitionKey, string Id, T Value, string ETag);

/// <summary>Changed documents (possibly none) and the opaque checkpoint to read on from.</summary>
public sealed record DocumentChangePage<T>(IReadOnlyList<DocumentChange<T>> Items, string Checkpoint);

/// <summary>
/// Equality filters on top-level properties (camelCase JSON names), one sort property, and paging.
/// Ties on the sort property are broken by id, in the same direction.
/// </summary>
public sealed record DocumentQuery
{
    /// <summary>Restricts the query to one partition; null queries across partitions.</summary>
    public string? PartitionKey { get; init; }

    public IReadOnlyList<FieldEquals> Where { get; init; } = [];

    public required string OrderBy { get; init; }

    public bool Descending { get; init; }

    public int Limit { get; init; } = 20;

    public string? Continuation { get; init; }
}

/// <summary>A top-level property equal to a string, number or boolean; null matches a missing or null property.</summary>
public sealed record FieldEquals(string Field, object? Value);

public sealed class DocumentConflictException(string collection, string id)
    : Exception($"A document with id '{id}' already exists in '{collection}'.");

public sealed class DocumentPreconditionFailedException(string collection, string id)
    : Exception($"Document '{id}' in '{collection}' was changed by someone else.");

public sealed class DocumentMissingException(string collection, string id)
    : Exception($"Document '{id}' in '{collection}' does not exist.");

/// <summary>The continuation token is not one this store issued.</summary>
public sealed class InvalidContinuationException() : Exception("The continuation token is not valid.");
