namespace Platform.Core.Readers;

/// <summary>What a reader did with a note on screen.</summary>
public enum ActivityKind
{
    /// <summary>A note's card was on screen (at least half visible for a second).</summary>
    Impression,

    /// <summary>The note was opened; <see cref="ReaderActivity.DwellMs"/> says for how long.</summary>
    View,

    /// <summary>A product card tagged in the note was tapped (<see cref="ReaderActivity.ProductId"/>).</summary>
    ProductClick,

    /// <summary>The note was shared (<see cref="ReaderActivity.Channel"/>: link, wechat, ...).</summary>
    Share,

    /// <summary>A video note played to <see cref="ReaderActivity.Progress"/> (0..1).</summary>
    VideoProgress,
}

/// <summary>
/// One reader action the ingestion endpoint accepted and counted (after its counting rules: dedup window, author's own
/// views, automation). <paramref name="ViewerKey"/> is the signed-in user id or, for anonymous readers, "d:" + the random
/// first-party device id; no other personal data travels.
/// </summary>
public sealed record ReaderActivity(
    ActivityKind Kind,
    string NoteId,
    string ViewerKey,
    string? UserId,
    DateTimeOffset At,
    int? DwellMs = null,
    string? ProductId = null,
    double? Progress = null,
    string? Channel = null);

/// <summary>
/// The body of a <see cref="ReaderActivityBatch.MessageType"/> message on <c>Destinations.Events</c>: accepted reader actions
/// shipped in batches (never one message per impression). Consumers: counters and analytics (per note), the feed (per reader).
/// </summary>
public sealed record ReaderActivityBatch(string BatchId, IReadOnlyList<ReaderActivity> Items)
{
    public const string MessageType = "reader.activity";
}
