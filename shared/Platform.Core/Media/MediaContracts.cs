namespace Platform.Core.Media;

/// <summary>Body of <c>POST /api/media</c>: what the client intends to upload.</summary>
public sealed record CreateUploadRequest(string? ContentType, long? Size);

/// <summary>Where to upload: <c>PUT</c> the bytes to <see cref="UploadUrl"/> with <see cref="RequiredHeaders"/> before <see cref="ExpiresAt"/>.</summary>
public sealed record UploadSlotResponse(
    string MediaId,
    Uri UploadUrl,
    string Method,
    DateTimeOffset ExpiresAt,
    long MaxBytes,
    IReadOnlyDictionary<string, string> RequiredHeaders,
    MediaStatus Status);

/// <summary>A media item as the API shows it. A video's poster has the images' renditions (<c>feed.webp</c>...), so a cover
/// shows it like any image; <see cref="Poster"/> names its largest, and <see cref="Videos"/> lists the playable MP4s, largest first.</summary>
public sealed record MediaResponse(
    string Id,
    string OwnerId,
    MediaStatus Status,
    MediaKind? Kind,
    string? ContentType,
    long? Bytes,
    int? Width,
    int? Height,
    double? DurationSeconds,
    string? DominantColor,
    string? Placeholder,
    string? PerceptualHash,
    string? DuplicateOf,
    IReadOnlyList<RenditionResponse> Renditions,
    MediaRejection? Rejection,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ProcessedAt,
    DateTimeOffset? UploadExpiresAt,
    Uri? Poster = null,
    IReadOnlyList<RenditionResponse>? Videos = null)
{
    /// <param name="renditionUrl">Turns a rendition name into the URL clients fetch it from.</param>
    public static MediaResponse From(MediaItem item, Func<string, Uri> renditionUrl)
    {
        var renditions = item.Renditions.Select(r => new RenditionResponse(r.Name, renditionUrl(r.Name), r.ContentType, r.Width, r.Height, r.Bytes)).ToList();
        var isVideo = item.Kind == MediaKind.Video;
        return new(
            item.Id, item.OwnerId, item.Status, item.Kind, item.ContentType, item.Bytes, item.Width, item.Height,
            item.DurationSeconds, item.DominantColor, item.Placeholder, item.PerceptualHash, item.DuplicateOf,
            renditions, item.Rejection, item.CreatedAt, item.ProcessedAt,
            item.Status == MediaStatus.Pending ? item.UploadExpiresAt : null,
            isVideo ? renditions.FirstOrDefault(r => r.Name == "detail.webp")?.Url : null,
            isVideo ? renditions.Where(r => r.ContentType == "video/mp4").OrderByDescending(r => r.Height).ToList() : []);
    }
}

public sealed record RenditionResponse(string Name, Uri Url, string ContentType, int? Width, int? Height, long Bytes);
