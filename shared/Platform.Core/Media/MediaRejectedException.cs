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
}
