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

/// <summary>A media item as the API shows it.</summary>
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
    DateTimeOffset? UploadExpiresAt)
{
    /// <param name="renditionUrl">Turns a rendition name into the URL clients fetch it from.</param>
    public static MediaResponse From(MediaItem item, Func<string, Uri> renditionUrl) => new(
        item.Id, item.OwnerId, item.Status, item.Kind, item.ContentType, item.Bytes, item.Width, item.Height,
        item.DurationSeconds, item.DominantColor, item.Placeholder, item.PerceptualHash, item.DuplicateOf,
        item.Renditions.Select(r => new RenditionResponse(r.Name, renditionUrl(r.Name), r.ContentType, r.Width, r.Height, r.Bytes)).ToList(),
        item.Rejection, item.CreatedAt, item.ProcessedAt,
        item.Status == MediaStatus.Pending ? item.UploadExpiresAt : null);
}

public sealed record RenditionResponse(string Name, Uri Url, string ContentType, int? Width, int? Height, long Bytes);
