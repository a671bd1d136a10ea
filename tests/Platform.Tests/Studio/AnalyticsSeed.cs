using Platform.Core.Studio.Analytics;

namespace Platform.Tests.Studio;

/// <summary>
/// A deterministic set of content events: notes in #防晒 and #通勤 whose numbered titles and evening posting engage
/// more, with views, engagement and attributed orders, as the notes, community and commerce features would publish them.
/// </summary>
internal static class AnalyticsSeed
{
    public static List<ContentEvent> Events(int notes = 30, string brandId = "acme", int seed = 42, Func<int, string>? noteIds = null)
    {
        var random = new Random(seed);
        var events = new List<ContentEvent>();
        var eventNo = 0;
        string NextId() => $"evt-{seed}-{eventNo++}";
        for (var i = 0; i < notes; i++)
        {
            var noteId = noteIds?.Invoke(i) ?? $"note-{seed}-{i}";
            var numbered = i % 2 == 0;
            var evening = i % 3 == 0;
            var title = numbered ? $"{3 + (i % 4)}个防晒小技巧" : "通勤防晒分享";
            var topics = i % 4 == 0 ? new[] { "防晒", "通勤" } : new[] { "防晒" };
            var publishedAt = new DateTimeOffset(2025, 6, 1 + (i % 20), evening ? 12 : 2, 0, 0, TimeSpan.Zero); // 20:00 or 10:00 in China
            events.Add(new ContentEvent
            {
                EventId = NextId(),
                NoteId = noteId,
                Kind = ContentEventKind.NotePublished,
                OccurredAt = publishedAt,
                Note = new NoteSnapshot(title, topics, 1 + (i % 7), i % 10 == 9, i % 5 == 0, i % 5 == 0 ? [brandId] : [], publishedAt),
            });

            var views = 100 + random.Next(400);
            events.Add(new ContentEvent { EventId = NextId(), NoteId = noteId, Kind = ContentEventKind.View, Delta = views });
            var rate = 0.04 + (numbered ? 0.04 : 0) + (evening ? 0.02 : 0);
            var engagements = (int)(views * rate);
            for (var e = 0; e < engagements; e++)
            {
                var kind = (e % 4) switch { 0 => ContentEventKind.Like, 1 => ContentEventKind.Collect, 2 => ContentEventKind.Comment, _ => ContentEventKind.Share };
                events.Add(new ContentEvent { EventId = NextId(), NoteId = noteId, Kind = kind });
            }

            events.Add(new ContentEvent { EventId = NextId(), NoteId = noteId, Kind = ContentEventKind.ProductClick, Delta = views / 20 });
            for (var o = 0; o < (numbered ? 2 : 1); o++)
            {
                events.Add(new ContentEvent { EventId = NextId(), NoteId = noteId, Kind = ContentEventKind.Order, Revenue = 129m });
            }
        }

        return events;
    }
}
