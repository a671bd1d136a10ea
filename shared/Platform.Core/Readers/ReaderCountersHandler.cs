using Platform.Core.Community;
using Platform.Core.Messaging;

namespace Platform.Core.Readers;

/// <summary>
/// The community subscription of the events topic: adds each <see cref="ReaderActivityBatch"/> to the note counters (views,
/// impressions, shares, product clicks), aggregated first, so a batch costs at most one ETag-checked counter write per note
/// however many actions it carries (and batches delivered together share it: <see cref="ReaderCounterBatcher"/>). Operation
/// ids derive from the message id, so a redelivered batch counts once; the counter document's outbox then tells search and
/// analytics (<c>note.engagement_changed</c>). Other events complete at once.
/// </summary>
public sealed class ReaderCountersHandler(ReaderCounterBatcher counters) : IMessageHandler
{
    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type != ReaderActivityBatch.MessageType)
        {
            return;
        }

        var batch = message.GetBody<ReaderActivityBatch>();
        await counters.ApplyAsync(Operations(message.Id, batch.Items ?? []), cancellationToken);
    }

    /// <summary>One operation per note and counter for the whole batch (the note's counter document is written once).</summary>
    public static IReadOnlyList<CounterOp> Operations(string messageId, IEnumerable<ReaderActivity> items) =>
        items
            .Where(a => a is not null && CounterOf(a.Kind) is not null)
            .GroupBy(a => (a.NoteId, Name: CounterOf(a.Kind)!))
            .Select(g => new CounterOp($"{messageId}.{g.Key.Name}", Subjects.Note(g.Key.NoteId), g.Key.Name, g.Count()))
            .ToList();

    // Video progress informs the feed, not a counter.
    private static string? CounterOf(ActivityKind kind) => kind switch
    {
        ActivityKind.Impression => CounterNames.Impressions,
        ActivityKind.View => CounterNames.Views,
        ActivityKind.Share => CounterNames.Shares,
        ActivityKind.ProductClick => CounterNames.ProductClicks,
        _ => null,
    };
}
