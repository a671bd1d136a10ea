using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Azure.Storage;

/// <summary>
/// Documents in Cosmos DB for NoSQL: one container per collection (the keyed-only ones share one, see
/// <see cref="CosmosContainers"/>), partitioned on <c>/pk</c>.
/// Uses the stream APIs so serialisation is ours (System.Text.Json) and expected statuses are not exceptions.
/// </summary>
/// <inheritdoc/>
public sealed class CosmosDocumentStore(CosmosClient client, string databaseName) : IDocumentStore
{
    /// <inheritdoc/>
    public async Task<StoredDocument<T>?> FindAsync<T>(string collection, string partitionKey, string id, CancellationToken cancellationToken)
    {
        using var response = await Container(collection).ReadItemStreamAsync(id, Key(collection, partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        // Straight from the stream (the ETag is in the headers): no document tree built only to be read once.
        var document = await JsonSerializer.DeserializeAsync<T>(response.Content, PlatformJson.Options, cancellationToken)
            ?? throw new JsonException("A stored document was null.");
        return new StoredDocument<T>(document, Unquote(response.Headers.ETag));
    }

    /// <inheritdoc/>
    public async Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken)
    {
        using var body = Serialize(document, CosmosContainers.PartitionKeyOf(collection, partitionKey), id);
        using var response = await Container(collection).CreateItemStreamAsync(body, Key(collection, partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new DocumentConflictException(collection, id);
        }

        response.EnsureSuccessStatusCode();
        return Unquote(response.Headers.ETag);
    }

    /// <inheritdoc/>
    public async Task<string> ReplaceAsync<T>(
        string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken)
    {
        using var body = Serialize(document, CosmosContainers.PartitionKeyOf(collection, partitionKey), id);
        using var response = await Container(collection).ReplaceItemStreamAsync(
            body, id, Key(collection, partitionKey), new ItemRequestOptions { IfMatchEtag = Quote(ifMatch) }, cancellationToken);
        ThrowOnConcurrency(response, collection, id);
        return Unquote(response.Headers.ETag);
    }

    /// <inheritdoc/>
    public async Task<string> UpsertAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken)
    {
        using var body = Serialize(document, CosmosContainers.PartitionKeyOf(collection, partitionKey), id);
        using var response = await Container(collection).UpsertItemStreamAsync(body, Key(collection, partitionKey), cancellationToken: cancellationToken);
        response.EnsureSuccessStatusCode();
        return Unquote(response.Headers.ETag);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string collection, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken)
    {
        var options = ifMatch is null ? null : new ItemRequestOptions { IfMatchEtag = Quote(ifMatch) };
        using var response = await Container(collection).DeleteItemStreamAsync(id, Key(collection, partitionKey), options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        ThrowOnConcurrency(response, collection, id);
        return true;
    }

    /// <inheritdoc/>
    public async Task<DocumentPage<T>> QueryAsync<T>(string collection, DocumentQuery query, CancellationToken cancellationToken)
    {
        Collections.EnsureQueryable(collection);
        var definition = BuildQuery(query);
        var continuation = query.Continuation is null ? null : DocumentEnvelope.DecodeContinuation(query.Continuation);
        var options = new QueryRequestOptions { MaxItemCount = query.Limit };
        if (query.PartitionKey is not null)
        {
            options.PartitionKey = new PartitionKey(query.PartitionKey);
        }

        using var iterator = Container(collection).GetItemQueryStreamIterator(definition, continuation, options);
        using var response = await iterator.ReadNextAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && continuation is not null)
        {
            throw new InvalidContinuationException();
        }

        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        var items = json.RootElement.GetProperty("Documents").EnumerateArray()
            .Select(d => new StoredDocument<T>(DocumentEnvelope.Unwrap<T>(d), Unquote(d.GetProperty("_etag").GetString())))
            .ToList();
        var next = response.ContinuationToken is { Length: > 0 } token ? DocumentEnvelope.EncodeContinuation(token) : null;
        return new DocumentPage<T>(items, next);
    }

    /// <inheritdoc/>
    public async Task<DocumentChangePage<T>> ReadChangesAsync<T>(string collection, string? checkpoint, int maxItems, CancellationToken cancellationToken)
    {
        Collections.EnsureQueryable(collection);
        // The change feed pull model in latest-version mode: each changed item once, in its latest version, per feed range.
        var start = checkpoint is null ? ChangeFeedStartFrom.Beginning() : ChangeFeedStartFrom.ContinuationToken(DocumentEnvelope.DecodeContinuation(checkpoint));
        using var iterator = Container(collection).GetChangeFeedStreamIterator(
            start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = maxItems });
        using var response = await iterator.ReadNextAsync(cancellationToken);
        var next = DocumentEnvelope.EncodeContinuation(response.ContinuationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new DocumentChangePage<T>([], next);
        }

        if (response.StatusCode == HttpStatusCode.BadRequest && checkpoint is not null)
        {
            throw new InvalidContinuationException();
        }

        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        var items = json.RootElement.GetProperty("Documents").EnumerateArray()
            .Select(d => new DocumentChange<T>(
                d.GetProperty(DocumentEnvelope.PartitionKeyProperty).GetString()!,
                d.GetProperty(DocumentEnvelope.IdProperty).GetString()!,
                DocumentEnvelope.Unwrap<T>(d),
                Unquote(d.GetProperty("_etag").GetString())))
            .ToList();
        return new DocumentChangePage<T>(items, next);
    }

    internal static QueryDefinition BuildQuery(DocumentQuery query)
    {
        var sql = new StringBuilder("SELECT * FROM c");
        var conditions = new List<string>();
        var parameters = new List<(string, object)>();
        for (var i = 0; i < query.Where.Count; i++)
        {
            var field = DocumentEnvelope.CheckField(query.Where[i].Field);
            if (query.Where[i].Value is { } value)
            {
                conditions.Add(string.Create(CultureInfo.InvariantCulture, $"c.{field} = @w{i}"));
                parameters.Add(($"@w{i}", value));
            }
            else
            {
                conditions.Add($"(NOT IS_DEFINED(c.{field}) OR IS_NULL(c.{field}))");
            }
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        var direction = query.Descending ? "DESC" : "ASC";
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY c.{DocumentEnvelope.CheckField(query.OrderBy)} {direction}, c.id {direction}");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition.WithParameter(name, value);
        }

        return definition;
    }

    private Container Container(string collection) => client.GetContainer(databaseName, CosmosContainers.NameOf(collection));

    private static PartitionKey Key(string collection, string partitionKey) => new(CosmosContainers.PartitionKeyOf(collection, partitionKey));

    private static MemoryStream Serialize<T>(T document, string partitionKey, string id)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            DocumentEnvelope.Wrap(document, partitionKey, id).WriteTo(writer);
        }

        stream.Position = 0;
        return stream;
    }

    private static void ThrowOnConcurrency(ResponseMessage response, string collection, string id)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.PreconditionFailed:
                throw new DocumentPreconditionFailedException(collection, id);
            case HttpStatusCode.NotFound:
                throw new DocumentMissingException(collection, id);
            default:
                response.EnsureSuccessStatusCode();
                break;
        }
    }

    // Cosmos DB's ETags are quoted entity tags (some emulators send them bare); the port's are bare.
    // If-Match must be sent back in the server's own form, so remember which form it uses.
    private volatile bool _serverQuotesETags = true;

    private string Unquote(string? etag)
    {
        ArgumentNullException.ThrowIfNull(etag, "Cosmos DB returned no ETag.");
        _serverQuotesETags = etag.StartsWith('"');
        return etag.Trim('"');
    }

    private string Quote(string etag) => _serverQuotesETags ? $"\"{etag}\"" : etag;
}
