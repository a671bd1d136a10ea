using Platform.Core.Community;
using Platform.Core.Messaging;

namespace Platform.Core.Readers;

/// <summary>
/// The community subscription of the events topic: adds each <see cref="ReaderActivityBatch"/> to the note counters (views,
/// impressions, shares, product clicks), aggregated first, so a batch costs one ETag-checked counter write per note however
/// many actions it carries. Operation ids derive from the message id, so a redelivered batch counts once; the counter
/// document's outbox then tells search and analytics (<c>note.engagement_changed</c>). Other events complete at once.
/// </summary>
public sealed class ReaderCountersHandler(CounterStore counters) : IMessageHandler
{
    private const int ParallelNotes = 8;

    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type != ReaderActivityBatch.MessageType)
        {
            return;
        }

        var batch = message.GetBody<ReaderActivityBatch>();
        // Notes are independent documents: write several at once (each still one write per note).
        await Parallel.ForEachAsync(
            Operations(message.Id, batch.Items ?? []).GroupBy(o => o.Subject, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelNotes, CancellationToken = cancellationToken },
            async (note, ct) => await counters.ApplyAsync([.. note], ct));
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
