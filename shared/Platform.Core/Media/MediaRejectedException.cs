namespace Platform.Core.Media;

/// <summary>The file itself is unacceptable: processing records the media as rejected instead of retrying.</summary>
public sealed class MediaRejectedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Stable codes for why an upload was rejected.</summary>
public static class MediaRejections
{
    public const string UnsupportedType = "media.unsupported_type";
    public const string TooLarge = "media.too_large";
    public const string TooManyPixels = "media.too_many_pixels";
    public const string Corrupt = "media.corrupt";
    public const string TooLong = "media.video_too_long";
    public const string Empty = "media.empty";

    /// <summary>HEIC/HEIF photos (iPhone's default): the pinned FFmpeg has no HEIF demuxer and SkiaSharp on Linux no HEIC
    /// decoder, so they are refused when a slot is asked for (declared type) and when sniffed (ftyp brand); the web client
    /// refuses them before uploading, with the same advice.</summary>
    public const string HeicUnsupported = "media.heic_unsupported";

    /// <summary>A video's poster and renditions took longer than VideoProcessingTimeout.</summary>
    public const string VideoTooSlow = "media.video_too_slow";

    /// <summary>What people are told to do with a HEIC photo.</summary>
    public const string HeicAdvice =
        "HEIC/HEIF photos are not accepted yet: export the photo as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible) and upload that.";
}
