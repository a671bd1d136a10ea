using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Core.Integrity;
using Platform.Core.Media;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Analytics;

/// <summary>
/// The analytics subscription of the events topic: turns platform events into <see cref="ContentEvent"/>s for
/// <see cref="ContentAnalyticsHandler"/>. Note events (created, updated, deleted, moderation) re-read the note, so a late
/// or repeated delivery leaves the analytics right; engagement counters are absolute. Other events complete at once.
/// </summary>
public sealed class AnalyticsEventHandler(IDocumentStore store, IProductDirectory products, PartnershipService partnerships, ContentAnalyticsHandler analytics) : IMessageHandler
{
    public async Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == EngagementEvents.Changed)
        {
            var changed = message.GetBody<NoteEngagementChanged>();
            RequireNoteId(message, changed.NoteId);
            await analytics.HandleAsync(new ContentEvent
            {
                EventId = message.Id,
                NoteId = changed.NoteId,
                Kind = ContentEventKind.Totals,
                OccurredAt = changed.AsOf,
                Totals = new EngagementTotals(
                    Views: changed.Views, Likes: changed.Likes, Collects: changed.Collects, Comments: changed.Comments, Shares: changed.Shares,
                    Impressions: changed.Impressions, ProductClicks: changed.ProductClicks),
            }, cancellationToken);
        }
        else if (message.Type == OrderStatusChanged.MessageType)
        {
            foreach (var e in ForOrder(message.Id, message.GetBody<OrderStatusChanged>()))
            {
                await analytics.HandleAsync(e, cancellationToken);
            }
        }
        else if (message.Type.StartsWith("note.", StringComparison.Ordinal))
        {
            var noteId = message.GetBody<NoteReference>().NoteId;
            RequireNoteId(message, noteId);
            var note = (await store.FindAsync<Note>(Collections.Notes, noteId!, noteId!, cancellationToken))?.Value;
            await analytics.HandleAsync(
                ForNote(message.Id, noteId!, note, await BrandsOfAsync(note, cancellationToken), await HasVideoAsync(note, cancellationToken)),
                cancellationToken);
        }
    }

    /// <summary>What the analytics count of a note: its content while others can see it, nothing once they cannot.</summary>
    public static ContentEvent ForNote(string eventId, string noteId, Note? note, IReadOnlyList<string> brandIds, bool hasVideo = false) => note is { IsVisibleToOthers: true }
        ? new ContentEvent
        {
            EventId = eventId,
            NoteId = noteId,
            Kind = ContentEventKind.NoteChanged,
            OccurredAt = note.UpdatedAt,
            Note = new NoteSnapshot(note.Title, note.Topics, note.MediaIds.Count, hasVideo, note.Sponsored, brandIds, note.CreatedAt),
        }
        : new ContentEvent { EventId = eventId, NoteId = noteId, Kind = ContentEventKind.NoteRemoved };

    /// <summary>
    /// Orders attributed to the notes that drove them (each line remembers its source note): counted when paid, taken
    /// back when cancelled after payment. A refund takes back only the refunded units' revenue, and the order itself only from
    /// notes all of whose units came back. One event per note, with its share of the revenue.
    /// </summary>
    public static IEnumerable<ContentEvent> ForOrder(string eventId, OrderStatusChanged order)
    {
        if (order.To == OrderStatus.Refunded && order.RefundedLines is { } refunded)
        {
            foreach (var e in ForRefund(eventId, order, refunded))
            {
                yield return e;
            }

            yield break;
        }

        var delta = order.To == OrderStatus.Paid ? 1
            : order.To is OrderStatus.Refunded || (order.To is OrderStatus.Cancelled && order.From is not (null or OrderStatus.PendingPayment)) ? -1
            : 0;
        if (delta == 0)
        {
            yield break;
        }

        foreach (var note in order.Lines.Where(l => Ids.IsWellFormed(l.SourceNoteId)).GroupBy(l => l.SourceNoteId!))
        {
            yield return new ContentEvent
            {
                EventId = $"{eventId}:{note.Key}",
                NoteId = note.Key,
                Kind = ContentEventKind.Order,
                OccurredAt = order.At,
                Delta = delta,
                Revenue = delta * note.Sum(l => l.LineTotal.AmountMinor) / 100m,
            };
        }
    }

    private static IEnumerable<ContentEvent> ForRefund(string eventId, OrderStatusChanged order, IReadOnlyList<AttributedLine> refunded)
    {
        foreach (var note in refunded.Where(l => Ids.IsWellFormed(l.SourceNoteId)).GroupBy(l => l.SourceNoteId!))
        {
            var sold = order.Lines.Where(l => l.SourceNoteId == note.Key).Sum(l => l.Quantity);
            yield return new ContentEvent
            {
                EventId = $"{eventId}:{note.Key}",
                NoteId = note.Key,
                Kind = ContentEventKind.Order,
                OccurredAt = order.At,
                Delta = note.Sum(l => l.Quantity) >= sold ? -1 : 0,
                Revenue = -note.Sum(l => l.LineTotal.AmountMinor) / 100m,
            };
        }
    }

    // A video note is one whose media include a processed video (the media records say what each upload turned out to be).
    private async Task<bool> HasVideoAsync(Note? note, CancellationToken cancellationToken)
    {
        foreach (var mediaId in note?.MediaIds ?? [])
        {
            if ((await store.FindAsync<MediaItem>(Collections.Media, mediaId, mediaId, cancellationToken))?.Value is { Kind: MediaKind.Video })
            {
                return true;
            }
        }

        return false;
    }

    // A brand's notes: those it sponsors and those tagging its products (the commerce catalogue names a product's brand).
    // A sponsorship claim counts only when the author really partnered with the brand (notes stored before claims were checked).
    private async Task<IReadOnlyList<string>> BrandsOfAsync(Note? note, CancellationToken cancellationToken)
    {
        if (note is null)
        {
            return [];
        }

        var brands = new List<string>();
        if (note is { Sponsored: true, PartnerBrandId: { } partner } && await partnerships.WasPartnerAsync(partner, note.AuthorId, cancellationToken))
        {
            brands.Add(partner);
        }

        foreach (var productId in note.ProductIds)
        {
            if (await products.GetBrandOfProductAsync(productId, cancellationToken) is { } brand && !brands.Contains(brand))
            {
                brands.Add(brand);
            }
        }

        return brands;
    }

    private static void RequireNoteId(IncomingMessage message, string? noteId)
    {
        if (!Ids.IsWellFormed(noteId))
        {
            throw new PoisonMessageException("analytics.invalid_note_id", $"Message {message.Id} ({message.Type}) names no valid note id.");
        }
    }

    private sealed record NoteReference(string? NoteId);
}
