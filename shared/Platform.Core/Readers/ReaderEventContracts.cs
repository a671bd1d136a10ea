namespace Platform.Core.Readers;

/// <summary>
/// Body of <c>POST /api/events</c>: what one client saw and did since its last flush. <paramref name="DeviceId"/> is a random
/// first-party id the client made once (16-64 of A-Z, a-z, 0-9, '_' or '-'); it counts anonymous readers without personal data.
/// </summary>
public sealed record ReaderEventsRequest(string? DeviceId, IReadOnlyList<ReaderEventItem?>? Events);

/// <summary>One event as the client sends it; checked field by field, so a bad item is refused by index without its batch.</summary>
/// <param name="Kind"><c>impression</c>, <c>view</c>, <c>productClick</c>, <c>share</c> or <c>videoProgress</c>.</param>
/// <param name="At">The client's clock; clamped to the server's when too far off.</param>
/// <param name="DwellMs">For a view: how long the note was open.</param>
/// <param name="ProductId">For a product click: the tagged product tapped.</param>
/// <param name="Channel">For a share: where to (link, wechat, ...).</param>
/// <param name="Progress">For video progress: how far the video played, 0..1.</param>
public sealed record ReaderEventItem(
    string? Kind,
    string? NoteId,
    DateTimeOffset? At = null,
    int? DwellMs = null,
    string? ProductId = null,
    string? Channel = null,
    double? Progress = null);

/// <summary>
/// The answer (202): how many events arrived, how many counted (after the counting rules), and the items refused, by index,
/// with a stable code. An event received and not refused but not counted (a repeat view, the author's own) is no error.
/// </summary>
public sealed record ReaderEventsAccepted(int Received, int Counted, IReadOnlyList<RejectedEvent> Rejected);

/// <summary>An item refused: its index in <c>events</c>, a stable code (e.g. <c>events.unknown_note</c>) and why.</summary>
public sealed record RejectedEvent(int Index, string Code, string Detail);

/// <summary>Stable codes of refused items and requests.</summary>
public static class ReaderEventCodes
{
    public const string DeviceIdRequired = "events.device_id_required";
    public const string EventsRequired = "events.events_required";
    public const string BatchTooLarge = "events.batch_too_large";
    public const string RateLimited = "events.rate_limited";
    public const string InvalidItem = "events.invalid_item";
    public const string UnknownKind = "events.unknown_kind";
    public const string InvalidNoteId = "events.invalid_note_id";
    public const string UnknownNote = "events.unknown_note";
    public const string InvalidDwell = "events.invalid_dwell";
    public const string InvalidProduct = "events.invalid_product";
    public const string InvalidChannel = "events.invalid_channel";
    public const string InvalidProgress = "events.invalid_progress";
}
