using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Community;

/// <summary>One page of items and the continuation for the next (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);

internal static class Paging
{
    public static async Task<DocumentPage<T>> QueryAsync<T>(
        IDocumentStore store, string collection, DocumentQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await store.QueryAsync<T>(collection, query, cancellationToken);
        }
        catch (InvalidContinuationException)
        {
            throw PlatformException.Invalid("continuation", "request.invalid_continuation", "The continuation token is not valid.");
        }
    }

    /// <summary>Every document a query matches, page by page (for exports and erasure).</summary>
    public static async Task<List<StoredDocument<T>>> AllAsync<T>(
        IDocumentStore store, string collection, DocumentQuery query, CancellationToken cancellationToken)
    {
        var all = new List<StoredDocument<T>>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<T>(collection, query with { Limit = 200, Continuation = continuation }, cancellationToken);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return all;
    }
}
