using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Messaging;

/// <summary>
/// The slow path of the document outbox: reads each outbox collection's changes since its checkpoint, sends the events
/// still pending in them, and clears them with an ETag-checked replace. Runs on a timer (a timer-triggered function in
/// Azure, a background loop embedded); any number of runs, or a run racing the fast path, sends each event at least once
/// and receivers de-duplicate by message id.
/// </summary>
public sealed class OutboxRelay(
    IDocumentStore store,
    IMessageBus bus,
    IEnumerable<OutboxCollection> collections,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger)
{
    private static readonly string[] SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];
    private readonly OutboxOptions _options = options.Value;

    /// <summary>Relays every outbox collection once; returns the number of events sent.</summary>
    public async Task<int> RelayAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var collection in collections.Select(c => c.Name).Distinct(StringComparer.Ordinal))
        {
            sent += await RelayAsync(collection, cancellationToken);
        }

        return sent;
    }

    /// <summary>Relays one collection; returns the number of events sent.</summary>
    public async Task<int> RelayAsync(string collection, CancellationToken cancellationToken)
    {
        var saved = await store.FindAsync<RelayCheckpoint>(Collections.OutboxCheckpoints, collection, collection, cancellationToken);
        var checkpoint = saved?.Value.Checkpoint;
        var safe = checkpoint;
        var held = false;
        var sent = 0;

        for (var pages = 0; pages < _options.MaxPagesPerRun; pages++)
        {
            var page = await store.ReadChangesAsync<JsonObject>(collection, checkpoint, _options.BatchSize, cancellationToken);
            foreach (var change in page.Items)
            {
                var events = PendingEventsOf(change.Value);
                if (events.Count == 0)
                {
                    continue;
                }

                // Leave very young events to the writer's fast path, which clears them in the same breath: clearing them here
                // first would change the ETag the writer is about to hand its client.
                if (events.Any(e => e.CreatedAt > clock.GetUtcNow() - _options.Grace))
                {
                    held = true;
                    continue;
                }

                try
                {
                    await bus.PublishAsync(events, cancellationToken);
                    sent += events.Count;
                    await ClearAsync(collection, change, events.Select(e => e.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not relay the events of {Collection} {DocumentId}; will retry", collection, change.Id);
                    held = true;
                }
            }

            checkpoint = page.Checkpoint;
            if (!held)
            {
                // Only advance past documents whose events are all sent, so a held document is read again next run.
                safe = checkpoint;
            }

            if (page.Items.Count == 0)
            {
                break;
            }
        }

        if (safe is not null && safe != saved?.Value.Checkpoint)
        {
            await store.UpsertAsync(Collections.OutboxCheckpoints, collection, collection, new RelayCheckpoint(safe, clock.GetUtcNow()), cancellationToken);
        }

        if (sent > 0)
        {
            logger.LogInformation("Relayed {Count} events from {Collection}", sent, collection);
        }

        return sent;
    }

    private async Task ClearAsync(string collection, DocumentChange<JsonObject> change, HashSet<string> sentIds, CancellationToken cancellationToken)
    {
        var (document, etag) = (change.Value, change.ETag);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var pending = document[Outbox.PendingEventsProperty] as JsonArray ?? [];
            var remaining = pending.Where(e => e?["id"]?.GetValue<string>() is not { } id || !sentIds.Contains(id)).Select(e => e?.DeepClone()).ToArray();
            if (remaining.Length == pending.Count)
            {
                return; // nothing of ours is left to clear
            }

            document[Outbox.PendingEventsProperty] = new JsonArray(remaining);
            foreach (var property in SystemProperties)
            {
                document.Remove(property);
            }

            try
            {
                await store.ReplaceAsync(collection, change.PartitionKey, change.Id, document, etag, cancellationToken);
                return;
            }
            catch (DocumentPreconditionFailedException)
            {
                var current = await store.FindAsync<JsonObject>(collection, change.PartitionKey, change.Id, cancellationToken);
                if (current is null)
                {
                    return;
                }

                (document, etag) = (current.Value, current.ETag);
            }
            catch (DocumentMissingException)
            {
                return;
            }
        }
    }

    private static List<OutgoingMessage> PendingEventsOf(JsonObject document) =>
        document[Outbox.PendingEventsProperty] is JsonArray { Count: > 0 } pending
            ? pending.Deserialize<List<OutgoingMessage>>(PlatformJson.Options) ?? []
            : [];

    private sealed record RelayCheckpoint(string Checkpoint, DateTimeOffset UpdatedAt);
}

/// <summary>How the outbox relay runs.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Platform:Messaging:Outbox";

    /// <summary>Events younger than this are left to the writer's fast path.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the embedded relay loop runs (Azure: the timer function's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Bounds one run, so a timer-triggered run ends well within its timeout.</summary>
    [Range(1, 10_000)]
    public int MaxPagesPerRun { get; set; } = 50;
}

/// <summary>Checks <see cref="OutboxOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class OutboxOptionsValidator : IValidateOptions<OutboxOptions>;
