namespace Platform.Core.Media;

/// <summary>
/// One uploaded image or video and what processing made of it. Created <see cref="MediaStatus.Pending"/> when the
/// client asks for an upload slot; processing moves it to <see cref="MediaStatus.Ready"/> or <see cref="MediaStatus.Rejected"/>.
/// </summary>
public sealed record MediaItem
{
    public required string Id { get; init; }

    public required string OwnerId { get; init; }

    public MediaStatus Status { get; init; } = MediaStatus.Pending;

    /// <summary>What the client said it would upload; only used to pick the slot's limits, never trusted.</summary>
    public required string DeclaredContentType { get; init; }

    public required long DeclaredBytes { get; init; }

    public required DateTimeOffset UploadExpiresAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>What the content turned out to be (from its bytes).</summary>
    public MediaKind? Kind { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Size of the upload as it arrived.</summary>
    public long? Bytes { get; init; }

    /// <summary>Width and height as displayed (after EXIF orientation, or a video track's rotation).</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? DurationSeconds { get; init; }

    /// <summary>The most common colour, as <c>#rrggbb</c>, to paint before the image arrives.</summary>
    public string? DominantColor { get; init; }

    /// <summary>A tiny WebP as a data URI (about 200 bytes) to show blurred while the feed rendition loads.</summary>
    public string? Placeholder { get; init; }

    /// <summary>64-bit difference hash (dHash) as 16 hex digits.</summary>
    public string? PerceptualHash { get; init; }

    /// <summary>An earlier upload by another user that looks the same: an authenticity signal, not a verdict.</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>QR codes and barcodes found in the image, with where they are: a note carrying them is held for review.</summary>
    public IReadOnlyList<ImageCode> Codes { get; init; } = [];

    public IReadOnlyList<Rendition> Renditions { get; init; } = [];

    /// <summary>Notes the media was ever attached to (a note that dropped it since no longer counts): renditions are served
    /// to others only while one of them is visible.</summary>
    public IReadOnlyList<string> NoteIds { get; init; } = [];

    public MediaRejection? Rejection { get; init; }
}

public enum MediaStatus
{
    Pending,
    Ready,
    Rejected,
}

public enum MediaKind
{
    Image,
    Video,
}

/// <summary>One stored output, at <c>media/{mediaId}/{Name}</c>.</summary>
public sealed record Rendition(string Name, string ContentType, int? Width, int? Height, long Bytes);

/// <summary>Why processing refused the file: a stable code (e.g. <c>media.too_many_pixels</c>) and a sentence for people.</summary>
public sealed record MediaRejection(string Code, string Message);
