using System.Buffers.Binary;
using System.Text;

namespace Platform.Core.Media;

/// <summary>A file format recognised from its first bytes, never from a name or a declared type.</summary>
public sealed record MediaFormat(MediaKind Kind, string ContentType, string Extension)
{
    public static readonly MediaFormat Jpeg = new(MediaKind.Image, "image/jpeg", "jpg");
    public static readonly MediaFormat Png = new(MediaKind.Image, "image/png", "png");
    public static readonly MediaFormat Webp = new(MediaKind.Image, "image/webp", "webp");
    public static readonly MediaFormat Gif = new(MediaKind.Image, "image/gif", "gif");
    public static readonly MediaFormat Mp4 = new(MediaKind.Video, "video/mp4", "mp4");
    public static readonly MediaFormat QuickTime = new(MediaKind.Video, "video/quicktime", "mov");
    public static readonly MediaFormat WebM = new(MediaKind.Video, "video/webm", "webm");

    /// <summary>Every format a client may declare and processing accepts.</summary>
    public static IReadOnlyList<MediaFormat> Supported { get; } = [Jpeg, Png, Webp, Gif, Mp4, QuickTime, WebM];

    public static MediaFormat? ForContentType(string? contentType) =>
        Supported.FirstOrDefault(f => string.Equals(f.ContentType, contentType?.Split(';')[0].Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Content types of HEIC/HEIF photos, refused with <see cref="MediaRejections.HeicUnsupported"/>.</summary>
    public static IReadOnlyList<string> HeifContentTypes { get; } = ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"];

    public static bool IsHeifContentType(string? contentType) =>
        HeifContentTypes.Contains(contentType?.Split(';')[0].Trim() ?? "", StringComparer.OrdinalIgnoreCase);

    /// <summary>Major brands of HEIC/HEIF files; the web client checks the same list (HEIF_BRANDS in compose.js).</summary>
    public static IReadOnlyList<string> HeifBrands { get; } = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

    /// <summary>Whether the bytes are a HEIC/HEIF photo (an ISO file-type box with a HEIF brand, as iPhones write).</summary>
    public static bool IsHeif(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && HeifBrands.Contains(Encoding.ASCII.GetString(head[8..12]));

    /// <summary>How many leading bytes <see cref="Sniff"/> needs to decide.</summary>
    public const int SniffLength = 64;

    /// <summary>The format the bytes are in, or null when they are none we accept (HEIC, AVIF, Matroska, text...).</summary>
    public static MediaFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            // Matroska and WebM share the EBML magic; only the DocType in the header tells them apart.
            return head.IndexOf("webm"u8) >= 0 ? WebM : null;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(head[8..12]);
            return brand switch
            {
                "qt  " => QuickTime,
                // HEIF/AVIF stills also use ISO boxes; they are images we cannot decode here, not videos.
                "heic" or "heix" or "hevc" or "heim" or "heis" or "mif1" or "msf1" or "avif" or "avis" => null,
                _ => Mp4,
            };
        }

        // Old QuickTime files may start straight with a movie or media box.
        if (head.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(head) >= 8
            && (head[4..8].SequenceEqual("moov"u8) || head[4..8].SequenceEqual("mdat"u8) || head[4..8].SequenceEqual("wide"u8)))
        {
            return QuickTime;
        }

        return null;
    }
}
