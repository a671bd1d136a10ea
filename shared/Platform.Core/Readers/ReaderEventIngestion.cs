using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Identity;

namespace Platform.Core.Readers;

/// <summary>
/// <c>POST /api/events</c>: checks a client's batch item by item (a bad item is refused by index, the good ones go on),
/// applies the caller's rate limit and the counting rules, and ships what counts in batches over the bus.
/// </summary>
public sealed class ReaderEventIngestion(
    NoteFactsCache notes,
    CountingRules rules,
    CallerRateLimiter limiter,
    ReaderActivityPublisher publisher,
    IOptions<ReaderEventsOptions> options,
    TimeProvider clock)
{
    private const int MaxDwellMs = 24 * 60 * 60 * 1000;
    private const int MaxChannelLength = 32;

    public async Task<ReaderEventsAccepted> IngestAsync(Caller? caller, ReaderEventsRequest request, CancellationToken cancellationToken)
    {
        if (!IsDeviceId(request.DeviceId))
        {
            throw PlatformException.Invalid("deviceId", ReaderEventCodes.DeviceIdRequired,
                "deviceId is the random id the client keeps: 16 to 64 letters, digits, '_' or '-'.");
        }

        if (request.Events is not { } events)
        {
            throw PlatformException.Invalid("events", ReaderEventCodes.EventsRequired, "events is a list of reader events.");
        }

        var max = options.Value.MaxBatchSize;
        if (events.Count > max)
        {
            throw new PlatformException(ErrorKind.PayloadTooLarge, ReaderEventCodes.BatchTooLarge,
                $"At most {max} events per request; send the rest in the next one.");
        }

        var viewerKey = caller?.UserId ?? "d:" + request.DeviceId;
        limiter.Take(viewerKey, events.Count);

        var rejected = new List<RejectedEvent>();
        var counted = new List<ReaderActivity>();
        var now = clock.GetUtcNow();
        for (var index = 0; index < events.Count; index++)
        {
            var (activity, refusal) = Parse(events[index], viewerKey, caller?.UserId, now);
            NoteFacts? note = null;
            if (activity is not null)
            {
                note = await notes.FindAsync(activity.NoteId, cancellationToken);
                refusal = note is null
                    ? (ReaderEventCodes.UnknownNote, $"No note {activity.NoteId} that readers can see.")
                    : activity.Kind == ActivityKind.ProductClick && !note.ProductIds.Contains(activity.ProductId!)
                        ? (ReaderEventCodes.InvalidProduct, $"Note {activity.NoteId} does not tag product {activity.ProductId}.")
                        : null;
            }

            if (refusal is { } r)
            {
                rejected.Add(new RejectedEvent(index, r.Code, r.Detail));
            }
            else if (rules.Decide(activity!, note!) == NotCountedReason.None)
            {
                counted.Add(activity!);
            }
        }

        await publisher.PublishAsync(counted, cancellationToken);
        return new ReaderEventsAccepted(events.Count, counted.Count, rejected);
    }

    /// <summary>The action an item describes, or why it is refused.</summary>
    private (ReaderActivity? Activity, (string Code, string Detail)? Refusal) Parse(ReaderEventItem? item, string viewerKey, string? userId, DateTimeOffset now)
    {
        if (item is null)
        {
            return (null, (ReaderEventCodes.InvalidItem, "An event is an object with at least kind and noteId."));
        }

        if (ParseKind(item.Kind) is not { } kind)
        {
            return (null, (ReaderEventCodes.UnknownKind, "kind is one of impression, view, productClick, share, videoProgress."));
        }

        if (!Ids.IsWellFormed(item.NoteId))
        {
            return (null, (ReaderEventCodes.InvalidNoteId, "noteId is a note id."));
        }

        (string, string)? refusal = kind switch
        {
            ActivityKind.View when item.DwellMs is < 0 or > MaxDwellMs => (ReaderEventCodes.InvalidDwell, "dwellMs is 0 to 86,400,000."),
            ActivityKind.ProductClick when !Ids.IsWellFormed(item.ProductId) => (ReaderEventCodes.InvalidProduct, "productId is a product id."),
            ActivityKind.Share when item.Channel is { } c && (c.Length is 0 or > MaxChannelLength || !c.All(char.IsAsciiLetterOrDigit)) =>
                (ReaderEventCodes.InvalidChannel, "channel is 1 to 32 letters or digits, e.g. link or wechat."),
            ActivityKind.VideoProgress when item.Progress is not (>= 0 and <= 1) => (ReaderEventCodes.InvalidProgress, "progress is 0 to 1."),
            _ => null,
        };
        if (refusal is not null)
        {
            return (null, refusal);
        }

        // A client clock far off (or absent) is replaced by the server's, so nobody back-dates or future-dates events.
        var at = item.At is { } sent && (sent - now).Duration() <= options.Value.MaxClockSkew ? sent : now;
        return (new ReaderActivity(kind, item.NoteId!, viewerKey, userId, at,
            DwellMs: kind == ActivityKind.View ? item.DwellMs ?? 0 : null,
            ProductId: kind == ActivityKind.ProductClick ? item.ProductId : null,
            Progress: kind == ActivityKind.VideoProgress ? item.Progress : null,
            Channel: kind == ActivityKind.Share ? item.Channel ?? "link" : null), null);
    }

    private static ActivityKind? ParseKind(string? kind) => kind switch
    {
        "impression" => ActivityKind.Impression,
        "view" => ActivityKind.View,
        "productClick" => ActivityKind.ProductClick,
        "share" => ActivityKind.Share,
        "videoProgress" => ActivityKind.VideoProgress,
        _ => null,
    };

    private static bool IsDeviceId(string? id) =>
        id is { Length: >= 16 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
