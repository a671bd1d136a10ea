using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Storage;
using Platform.Embedded.Storage;

namespace Platform.Embedded.Messaging;

/// <summary>
/// A durable queue in one SQLite file: every queue and topic subscription is a set of rows keyed by its Service Bus-style
/// path (<c>orders</c>, <c>events/subscriptions/search</c>). A message is a row from the moment it is accepted until it is
/// completed, so nothing in flight is lost when the process stops; a delivery takes a lock that a restart releases.
/// Topics fan out to the subscriptions that have a handler in this process; queues keep messages until someone handles them.
/// Completed ids are remembered for the duplicate-detection window, so a re-send of the same message id is dropped.
/// </summary>
/// <inheritdoc cref="IMessageBus"/>
public sealed class SqliteMessageQueue : IMessageBus, IDeadLetterQueue
{
    private const int Active = 0;
    private const int Completed = 1;
    private const int DeadLettered = 2;

    private readonly SqliteDatabase _db;
    private readonly TimeProvider _clock;
    private readonly ILogger<SqliteMessageQueue> _logger;
    private readonly Dictionary<string, string[]> _topicSubscriptions;
    // SQLite has one writer at a time; queueing our own writers here is far cheaper than SQLite's sleep-and-retry on a busy lock.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public SqliteMessageQueue(SqliteDatabase db, IEnumerable<MessageSubscription> subscriptions, TimeProvider clock, ILogger<SqliteMessageQueue> logger)
    {
        _db = db;
        _clock = clock;
        _logger = logger;
        _topicSubscriptions = subscriptions.Where(s => s.Subscription is not null)
            .GroupBy(s => s.Source, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Subscription!).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _db.Migrate("""
            CREATE TABLE IF NOT EXISTS messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                path TEXT NOT NULL,
                source TEXT NOT NULL,
                subscription TEXT,
                message_id TEXT NOT NULL,
                type TEXT NOT NULL,
                body TEXT NOT NULL,
                session_id TEXT,
                correlation_id TEXT,
                properties TEXT NOT NULL,
                enqueued_at INTEGER NOT NULL,
                visible_at INTEGER NOT NULL,
                delivery_count INTEGER NOT NULL DEFAULT 0,
                lock_token TEXT,
                state INTEGER NOT NULL DEFAULT 0,
                settled_at INTEGER,
                dead_letter_reason TEXT,
                dead_letter_description TEXT,
                UNIQUE (path, message_id)
            );
            CREATE INDEX IF NOT EXISTS messages_active ON messages (path, seq) WHERE state = 0;
            CREATE INDEX IF NOT EXISTS messages_session ON messages (path, session_id, seq) WHERE state = 0 AND session_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS messages_settled ON messages (state, settled_at);
            """);
    }

    /// <summary>Completes when something may be ready to deliver (a send, a replay, a settle), or never if nothing happens.</summary>
    internal ValueTask<bool> WaitForSignalAsync(CancellationToken cancellationToken) => _signal.Reader.WaitToReadAsync(cancellationToken);

    internal void ClearSignal() => _signal.Reader.TryRead(out _);

    internal void Signal() => _signal.Writer.TryWrite(true);

    /// <inheritdoc/>
    public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => PublishAsync([message], cancellationToken);

    /// <inheritdoc/>
    public async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        using var activity = MessageTracing.StartPublishing(messages[0].Destination, messages.Count);
        var now = Now();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await InsertAsync(messages, now, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }

        Signal();
    }

    private async Task InsertAsync(IReadOnlyList<OutgoingMessage> messages, long now, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO messages (path, source, subscription, message_id, type, body, session_id, correlation_id, properties, enqueued_at, visible_at)
            VALUES ($path, $source, $subscription, $id, $type, $body, $session, $correlation, $properties, $at, $at)
            ON CONFLICT (path, message_id) DO NOTHING
            """;
        var parameters = new[] { "$path", "$source", "$subscription", "$id", "$type", "$body", "$session", "$correlation", "$properties", "$at" }
            .ToDictionary(n => n, n => command.Parameters.Add(n, SqliteType.Text));
        parameters["$at"].SqliteType = SqliteType.Integer;

        foreach (var message in messages)
        {
            foreach (var subscription in SubscriptionsOf(message.Destination))
            {
                parameters["$path"].Value = MessageSubscription.PathOf(message.Destination, subscription);
                parameters["$source"].Value = message.Destination;
                parameters["$subscription"].Value = (object?)subscription ?? DBNull.Value;
                parameters["$id"].Value = message.Id;
                parameters["$type"].Value = message.Type;
                parameters["$body"].Value = message.Body;
                parameters["$session"].Value = (object?)message.SessionId ?? DBNull.Value;
                parameters["$correlation"].Value = (object?)message.CorrelationId ?? DBNull.Value;
                parameters["$properties"].Value = JsonSerializer.Serialize(WithTraceContext(message.Properties), PlatformJson.Options);
                parameters["$at"].Value = message.ScheduledFor is { } at ? Math.Max(at.ToUnixTimeMilliseconds(), now) : now;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Takes up to <paramref name="limit"/> deliverable messages of <paramref name="paths"/>, oldest first per path, and locks them.</summary>
    /// <remarks>A session's messages go one at a time and in order: a message waits while an earlier one of its session is
    /// still active (locked, backing off, or waiting for its turn). Paths are taken in the order given; rotate it for fairness.</remarks>
    internal async Task<IReadOnlyList<Delivery>> ReceiveAsync(IReadOnlyList<string> paths, int limit, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        var deliveries = new List<Delivery>();
        if (paths.Count == 0 || limit <= 0)
        {
            return deliveries;
        }

        var now = Now();
        var lockToken = Guid.NewGuid().ToString("N");
        // One path per statement, so the partial index on (path, seq) yields the oldest rows without sorting the backlog.
        const string sql = """
            UPDATE messages SET delivery_count = delivery_count + 1, lock_token = $lock, visible_at = $lockedUntil
            WHERE seq IN (
                SELECT m.seq FROM messages m
                WHERE m.path = $path AND m.state = 0 AND m.visible_at <= $now AND m.enqueued_at <= $now
                  AND (m.session_id IS NULL OR NOT EXISTS (
                      SELECT 1 FROM messages o
                      WHERE o.path = m.path AND o.session_id = m.session_id AND o.state = 0 AND o.seq < m.seq AND o.enqueued_at <= $now))
                ORDER BY m.seq LIMIT $limit)
            RETURNING seq, source, subscription, message_id, type, body, session_id, correlation_id, properties, enqueued_at, delivery_count
            """;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _db.OpenAsync(cancellationToken);
            foreach (var path in paths)
            {
                if (deliveries.Count >= limit)
                {
                    break;
                }

                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("$path", path);
                command.Parameters.AddWithValue("$lock", lockToken);
                command.Parameters.AddWithValue("$lockedUntil", now + (long)lockDuration.TotalMilliseconds);
                command.Parameters.AddWithValue("$now", now);
                command.Parameters.AddWithValue("$limit", limit - deliveries.Count);
                var fromPath = new List<Delivery>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        fromPath.Add(new Delivery(reader.GetInt64(0), lockToken, new IncomingMessage
                        {
                            Source = reader.GetString(1),
                            Subscription = reader.IsDBNull(2) ? null : reader.GetString(2),
                            Id = reader.GetString(3),
                            Type = reader.GetString(4),
                            Body = reader.GetString(5),
                            SessionId = reader.IsDBNull(6) ? null : reader.GetString(6),
                            CorrelationId = reader.IsDBNull(7) ? null : reader.GetString(7),
                            Properties = ReadProperties(reader.GetString(8)),
                            EnqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                            DeliveryCount = reader.GetInt32(10),
                        }));
                    }
                }

                fromPath.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                deliveries.AddRange(fromPath);
            }
        }
        finally
        {
            _writeGate.Release();
        }

        return deliveries;
    }

    /// <summary>When the next message of <paramref name="paths"/> could become deliverable (null when there is none).</summary>
    internal async Task<DateTimeOffset?> NextDueAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            return null;
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(max(visible_at, enqueued_at)) FROM messages WHERE state = 0 AND path IN ({string.Join(", ", paths.Select((_, i) => $"$p{i}"))})";
        var i = 0;
        foreach (var path in paths)
        {
            command.Parameters.AddWithValue($"$p{i++}", path);
        }

        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    internal Task CompleteAsync(Delivery delivery) =>
        SettleAsync(delivery, "state = 1, settled_at = $now, body = '', properties = '{}'", []);

    /// <summary>Delivers the message again after <paramref name="delay"/>; <paramref name="countDelivery"/> false undoes this delivery's count
    /// (the host stopped, which is not the message's fault).</summary>
    internal Task AbandonAsync(Delivery delivery, TimeSpan delay, bool countDelivery = true) =>
        SettleAsync(delivery, "visible_at = $now + $delay" + (countDelivery ? "" : ", delivery_count = max(delivery_count - 1, 0)"),
            [("$delay", (long)delay.TotalMilliseconds)]);

    internal Task DeadLetterAsync(Delivery delivery, string reason, string? description) =>
        SettleAsync(delivery, "state = 2, settled_at = $now, dead_letter_reason = $reason, dead_letter_description = $description",
            [("$reason", reason), ("$description", description)]);

    /// <summary>Releases the locks of deliveries a stopped process never settled, so they are delivered again now.</summary>
    internal async Task<int> ReleaseLocksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE messages SET lock_token = NULL, visible_at = $now WHERE state = 0 AND lock_token IS NOT NULL";
        command.Parameters.AddWithValue("$now", Now());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets completed messages older than the duplicate-detection window.</summary>
    internal async Task<int> PurgeAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM messages WHERE state = 1 AND settled_at < $before";
        command.Parameters.AddWithValue("$before", Now() - (long)window.TotalMilliseconds);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<DeadLetterPage> ListAsync(int limit, string? continuation, CancellationToken cancellationToken)
    {
        long after = 0;
        if (continuation is not null && !long.TryParse(continuation, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new InvalidContinuationException();
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, path, message_id, type, body, session_id, correlation_id, properties, delivery_count,
                   dead_letter_reason, dead_letter_description, enqueued_at, settled_at
            FROM messages WHERE state = 2 AND seq > $after ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit + 1);
        var items = new List<DeadLetter>();
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(new DeadLetter(
                reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                ReadProperties(reader.GetString(7)), reader.GetInt32(8), reader.IsDBNull(9) ? "" : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.IsDBNull(12) ? 0 : reader.GetInt64(12))));
        }

        return new DeadLetterPage(items, more ? items[^1].Id : null);
    }

    /// <inheritdoc/>
    public async Task<bool> ReplayAsync(string deadLetterId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(deadLetterId, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE messages SET state = 0, delivery_count = 0, visible_at = $now, lock_token = NULL, settled_at = NULL,
                dead_letter_reason = NULL, dead_letter_description = NULL
            WHERE seq = $seq AND state = 2
            """;
        command.Parameters.AddWithValue("$now", Now());
        command.Parameters.AddWithValue("$seq", seq);
        var replayed = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (replayed)
        {
            _logger.LogInformation("Replaying dead letter {DeadLetterId}", deadLetterId);
            Signal();
        }

        return replayed;
    }

    private async Task SettleAsync(Delivery delivery, string set, (string Name, object? Value)[] parameters)
    {
        // Settling must happen even while the host stops, so it ignores cancellation.
        await _writeGate.WaitAsync(CancellationToken.None);
        try
        {
            await SettleLockedAsync(delivery, set, parameters);
        }
        finally
        {
            _writeGate.Release();
        }

        Signal();
    }

    private async Task SettleLockedAsync(Delivery delivery, string set, (string Name, object? Value)[] parameters)
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE messages SET lock_token = NULL, {set} WHERE seq = $seq AND lock_token = $lock";
        command.Parameters.AddWithValue("$seq", delivery.Seq);
        command.Parameters.AddWithValue("$lock", delivery.LockToken);
        command.Parameters.AddWithValue("$now", Now());
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        if (await command.ExecuteNonQueryAsync(CancellationToken.None) == 0)
        {
            _logger.LogWarning("The lock on message {MessageId} expired before it was settled; it will be delivered again", delivery.Message.Id);
        }
    }

    // A topic goes to each subscription with a handler here (none: dropped, as Service Bus does); a queue to itself.
    private string?[] SubscriptionsOf(string destination)
    {
        if (_topicSubscriptions.TryGetValue(destination, out var subscriptions))
        {
            return subscriptions;
        }

        if (Destinations.IsTopic(destination))
        {
            _logger.LogDebug("No subscription of topic {Topic} has a handler here; message dropped", destination);
            return [];
        }

        return [null];
    }

    // A message sent outside any traced code still joins the trace that is current when it is sent.
    private static IReadOnlyDictionary<string, string> WithTraceContext(IReadOnlyDictionary<string, string> properties)
    {
        if (properties.ContainsKey(MessageTracing.TraceParent))
        {
            return properties;
        }

        var context = MessageTracing.CurrentContext();
        foreach (var (key, value) in properties)
        {
            context[key] = value;
        }

        return context;
    }

    private static Dictionary<string, string> ReadProperties(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, PlatformJson.Options) ?? [];

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>One locked delivery of a message: settle it with the same lock token.</summary>
internal sealed record Delivery(long Seq, string LockToken, IncomingMessage Message);
