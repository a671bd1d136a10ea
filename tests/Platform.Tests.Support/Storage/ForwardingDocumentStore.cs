using Platform.Core.Storage;

namespace Platform.Tests.Support;

/// <summary>
/// A document store that passes every call to <paramref name="inner"/>: a test overrides only the calls it wants to race,
/// gate or fail.
/// </summary>
public abstract class ForwardingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    public virtual Task<StoredDocument<T>?> FindAsync<T>(string collection, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.FindAsync<T>(collection, partitionKey, id, cancellationToken);

    public virtual Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
        inner.CreateAsync(collection, partitionKey, id, document, cancellationToken);

    public virtual Task<string> ReplaceAsync<T>(string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken) =>
        inner.ReplaceAsync(collection, partitionKey, id, document, ifMatch, cancellationToken);

    public virtual Task<string> UpsertAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken) =>
        inner.UpsertAsync(collection, partitionKey, id, document, cancellationToken);

    public virtual Task<bool> DeleteAsync(string collection, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken) =>
        inner.DeleteAsync(collection, partitionKey, id, ifMatch, cancellationToken);

    public virtual Task<DocumentPage<T>> QueryAsync<T>(string collection, DocumentQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync<T>(collection, query, cancellationToken);

    public virtual Task<DocumentChangePage<T>> ReadChangesAsync<T>(string collection, string? checkpoint, int maxItems, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync<T>(collection, checkpoint, maxItems, cancellationToken);
}
