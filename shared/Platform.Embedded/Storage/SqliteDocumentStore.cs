using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Core.Storage;

namespace Platform.Embedded.Storage;

/// <summary>Documents as JSON text in one SQLite table, keyed like Cosmos DB by (collection, partition key, id).</summary>
/// <inheritdoc/>
public sealed class SqliteDocumentStore : IDocumentStore
{
    private const int SqliteConstraint = 19;
    private readonly SqliteDatabase _db;

    public SqliteDocumentStore(SqliteDatabase db)
    {
        _db = db;
        _db.Migrate("""
            CREATE TABLE IF NOT EXISTS documents (
                collection TEXT NOT NULL,
                pk TEXT NOT NULL,
                id TEXT NOT NULL,
                etag TEXT NOT NULL,
                body TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (collection, pk, id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS documents_by_seq ON documents (collection, seq);
            -- The highest seq a collection has ever used, so a delete of its newest document never lets the next write reuse
            -- that seq (a change-feed reader past it would miss the write).
            CREATE TABLE IF NOT EXISTS collection_seq (collection TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TRIGGER IF NOT EXISTS documents_keep_seq AFTER DELETE ON documents BEGIN
                INSERT INTO collection_seq (collection, seq) VALUES (old.collection, old.seq)
                ON CONFLICT (collection) DO UPDATE SET seq = max(seq, excluded.seq);
            END;
            """);
    }

    /// <inheritdoc/>
    public Task<StoredDocument<T>?> FindAsync<T>(string collection, string partitionKey, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Synchronous inside: Microsoft.Data.Sqlite's async methods run synchronously anyway, and a point read is short.
        var found = _db.Read(PointReadSql, KeyParameters, command =>
        {
            SetKey(command, collection, partitionKey, id);
            using var reader = command.ExecuteReader();
            // The body's UTF-8 bytes as SQLite holds them: no UTF-16 string decoded only to be encoded again for the parser.
            return reader.Read() ? (ETag: reader.GetString(0), Body: reader.GetFieldValue<byte[]>(1)) : default;
        });
        return Task.FromResult(found.Body is null ? null : new StoredDocument<T>(DocumentEnvelope.Unwrap<T>(found.Body), found.ETag));
    }

    /// <inheritdoc/>
    public async Task<string> CreateAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken)
    {
        var etag = NewETag();
        try
        {
            await ExecuteAsync(
                $"INSERT INTO documents (collection, pk, id, etag, body, seq) VALUES ($c, $pk, $id, $etag, $body, {NextSeq})",
                collection, partitionKey, id, document, etag, null, cancellationToken);
            return etag;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            throw new DocumentConflictException(collection, id);
        }
    }

    /// <inheritdoc/>
    public async Task<string> ReplaceAsync<T>(
        string collection, string partitionKey, string id, T document, string ifMatch, CancellationToken cancellationToken)
    {
        var etag = NewETag();
        // One statement checks the ETag and writes, so two racing writers cannot both succeed.
        var changed = await ExecuteAsync(
            $"UPDATE documents SET etag = $etag, body = $body, seq = {NextSeq} WHERE collection = $c AND pk = $pk AND id = $id AND etag = $ifMatch",
            collection, partitionKey, id, document, etag, ifMatch, cancellationToken);
        if (changed == 1)
        {
            return etag;
        }

        throw await ExistsAsync(collection, partitionKey, id, cancellationToken)
            ? new DocumentPreconditionFailedException(collection, id)
            : new DocumentMissingException(collection, id);
    }

    /// <inheritdoc/>
    public async Task<string> UpsertAsync<T>(string collection, string partitionKey, string id, T document, CancellationToken cancellationToken)
    {
        var etag = NewETag();
        await ExecuteAsync(
            $"""
            INSERT INTO documents (collection, pk, id, etag, body, seq) VALUES ($c, $pk, $id, $etag, $body, {NextSeq})
            ON CONFLICT (collection, pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, seq = excluded.seq
            """,
            collection, partitionKey, id, document, etag, null, cancellationToken);
        return etag;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string collection, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var sql = "DELETE FROM documents WHERE collection = $c AND pk = $pk AND id = $id" + (ifMatch is null ? "" : " AND etag = $ifMatch");
        await using var command = Command(connection, sql, ("$c", collection), ("$pk", partitionKey), ("$id", id), ("$ifMatch", ifMatch));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return true;
        }

        if (ifMatch is not null && await ExistsAsync(collection, partitionKey, id, cancellationToken))
        {
            throw new DocumentPreconditionFailedException(collection, id);
        }

        return false;
    }

    /// <inheritdoc/>
    public async Task<DocumentPage<T>> QueryAsync<T>(string collection, DocumentQuery query, CancellationToken cancellationToken)
    {
        Collections.EnsureQueryable(collection);
        var orderBy = $"json_extract(body, '$.{DocumentEnvelope.CheckField(query.OrderBy)}')";
        var direction = query.Descending ? "DESC" : "ASC";
        var sql = new StringBuilder("SELECT id, etag, body, ").Append(orderBy).Append(" FROM documents WHERE collection = $c");
        var parameters = new List<(string, object?)> { ("$c", collection) };
        if (query.PartitionKey is not null)
        {
            sql.Append(" AND pk = $pk");
            parameters.Add(("$pk", query.PartitionKey));
        }

        for (var i = 0; i < query.Where.Count; i++)
        {
            var (field, value) = (DocumentEnvelope.CheckField(query.Where[i].Field), query.Where[i].Value);
            if (value is null)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND json_extract(body, '$.{field}') IS NULL");
                continue;
            }

            sql.Append(CultureInfo.InvariantCulture, $" AND json_extract(body, '$.{field}') = $w{i}");
            parameters.Add(($"$w{i}", value is bool b ? (b ? 1 : 0) : value));
        }

        if (query.Continuation is not null)
        {
            var (afterValue, afterId) = ReadContinuation(query.Continuation);
            var op = query.Descending ? "<" : ">";
            sql.Append(CultureInfo.InvariantCulture, $" AND ({orderBy} {op} $after OR ({orderBy} = $after AND id {op} $afterId))");
            parameters.Add(("$after", afterValue));
            parameters.Add(("$afterId", afterId));
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY {orderBy} {direction}, id {direction} LIMIT $limit");
        parameters.Add(("$limit", query.Limit + 1));

        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredDocument<T>>();
        (object? Value, string Id) last = default;
        var more = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            items.Add(new StoredDocument<T>(Deserialize<T>(reader.GetString(2)), reader.GetString(1)));
            last = (reader.IsDBNull(3) ? null : reader.GetValue(3), reader.GetString(0));
        }

        return new DocumentPage<T>(items, more ? WriteContinuation(last.Value, last.Id!) : null);
    }

    /// <inheritdoc/>
    public async Task<DocumentChangePage<T>> ReadChangesAsync<T>(string collection, string? checkpoint, int maxItems, CancellationToken cancellationToken)
    {
        Collections.EnsureQueryable(collection);
        long after = 0;
        if (checkpoint is not null && !long.TryParse(checkpoint, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new InvalidContinuationException();
        }

        // A write gets the next seq inside its own statement, and SQLite has one writer, so seqs become visible in order:
        // nothing can later appear below a checkpoint a reader has passed.
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT pk, id, etag, body, seq FROM documents WHERE collection = $c AND seq > $after ORDER BY seq LIMIT $limit",
            ("$c", collection), ("$after", after), ("$limit", maxItems));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<DocumentChange<T>>();
        var last = after;
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new DocumentChange<T>(reader.GetString(0), reader.GetString(1), Deserialize<T>(reader.GetString(3)), reader.GetString(2)));
            last = reader.GetInt64(4);
        }

        return new DocumentChangePage<T>(items, last.ToString(CultureInfo.InvariantCulture));
    }

    // The next value of a collection-wide sequence: a change feed can resume from the last one it saw.
    private const string NextSeq = """
        (SELECT max(COALESCE((SELECT MAX(seq) FROM documents WHERE collection = $c), 0),
                    COALESCE((SELECT seq FROM collection_seq WHERE collection = $c), 0)) + 1)
        """;

    private async Task<int> ExecuteAsync<T>(
        string sql, string collection, string pk, string id, T document, string etag, string? ifMatch, CancellationToken cancellationToken)
    {
        var body = DocumentEnvelope.Wrap(document, pk, id).ToJsonString();
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql,
            ("$c", collection), ("$pk", pk), ("$id", id), ("$etag", etag), ("$body", body), ("$ifMatch", ifMatch));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<bool> ExistsAsync(string collection, string pk, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_db.Read(ExistsSql, KeyParameters, command =>
        {
            SetKey(command, collection, pk, id);
            return command.ExecuteScalar() is not null;
        }));
    }

    private const string PointReadSql = "SELECT etag, body FROM documents WHERE collection = $c AND pk = $pk AND id = $id";
    private const string ExistsSql = "SELECT 1 FROM documents WHERE collection = $c AND pk = $pk AND id = $id";
    private static readonly string[] KeyParameters = ["$c", "$pk", "$id"];

    private static void SetKey(SqliteCommand command, string collection, string pk, string id)
    {
        command.Parameters[0].Value = collection;
        command.Parameters[1].Value = pk;
        command.Parameters[2].Value = id;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        return command;
    }

    // Straight from the text: a JsonDocument first would parse every stored document twice.
    private static T Deserialize<T>(string body) => DocumentEnvelope.Unwrap<T>(body);

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private static string WriteContinuation(object? value, string id) =>
        DocumentEnvelope.EncodeContinuation(JsonSerializer.Serialize(new object?[] { value, id }));

    private static (object? Value, string Id) ReadContinuation(string token)
    {
        try
        {
            using var json = JsonDocument.Parse(DocumentEnvelope.DecodeContinuation(token));
            var array = json.RootElement;
            var value = array[0].ValueKind switch
            {
                JsonValueKind.String => (object?)array[0].GetString(),
                JsonValueKind.Number when array[0].TryGetInt64(out var l) => l,
                JsonValueKind.Number => array[0].GetDouble(),
                JsonValueKind.Null => null,
                _ => throw new InvalidContinuationException(),
            };
            return (value, array[1].GetString() ?? throw new InvalidContinuationException());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new InvalidContinuationException();
        }
    }
}
