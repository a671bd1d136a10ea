using System.Numerics;
using SkiaSharp;

namespace Platform.Core.Media;

/// <summary>One encoded output of <see cref="ImagePipeline"/>.</summary>
public sealed record EncodedRendition(string Name, string ContentType, int Width, int Height, byte[] Data);

/// <summary>What an image turned into: its displayed size, renditions, and the signals computed from its pixels.</summary>
public sealed record ProcessedImage(
    MediaFormat Format, int Width, int Height, IReadOnlyList<EncodedRendition> Renditions, string DominantColor, string Placeholder, ulong PerceptualHash,
    IReadOnlyList<ImageCode> Codes);

/// <summary>
/// Turns untrusted image bytes into safe renditions with SkiaSharp: refuses bombs from the header, decodes once (at the
/// smallest scale the decoder offers that still covers the largest rendition), applies EXIF orientation, and re-encodes.
/// Re-encoding writes pixels only, so EXIF (GPS), XMP and comments of the original are gone from every output.
/// QR codes and barcodes are looked for on the detail bitmap (already decoded and oriented), see <see cref="ImageCodes"/>.
/// </summary>
public static class ImagePipeline
{
    public static readonly (string Name, Func<MediaOptions, int> Edge)[] Sizes =
    [
        ("detail", o => o.DetailEdge),
        ("feed", o => o.FeedEdge),
        ("thumbnail", o => o.ThumbnailEdge),
    ];

    // Linear filtering between mipmap levels: area-averaging quality for reductions of 2x and more.
    private static readonly SKSamplingOptions Downscale = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Processes <paramref name="data"/> (the whole file), or throws <see cref="MediaRejectedException"/> when it is the file's fault.</summary>
    public static ProcessedImage Process(ReadOnlySpan<byte> data, MediaFormat format, MediaOptions options)
    {
        var maxPixels = options.MaxImageMegapixels * 1_000_000L;
        var declared = ImageHeader.ReadSize(data, format)
            ?? throw new MediaRejectedException(MediaRejections.Corrupt, "The image header is missing or malformed.");
        if ((long)declared.Width * declared.Height > maxPixels)
        {
            throw TooManyPixels(declared.Width, declared.Height, options);
        }

        using var encoded = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(encoded)
            ?? throw new MediaRejectedException(MediaRejections.Corrupt, "The image cannot be decoded.");
        var info = codec.Info;
        if ((long)info.Width * info.Height > maxPixels)
        {
            throw TooManyPixels(info.Width, info.Height, options);
        }

        using var decoded = Decode(codec, DecodeSize(codec, options.DetailEdge));
        var origin = codec.EncodedOrigin;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (info.Height, info.Width) : (info.Width, info.Height);
        var opaque = info.AlphaType == SKAlphaType.Opaque;

        var renditions = new List<EncodedRendition>(Sizes.Length * 2);
        var bitmaps = new List<SKBitmap>(Sizes.Length);
        try
        {
            // Each size is drawn from the previous one (detail from the decode, with orientation), which keeps every
            // step a reduction of about 2x: cheap, and sharp enough with mipmaps.
            var source = decoded;
            var matrix = OrientationMatrix(origin, decoded.Width, decoded.Height);
            foreach (var (name, edge) in Sizes)
            {
                var (w, h) = Fit(width, height, edge(options));
                if (bitmaps.Count > 0 && (w, h) == (source.Width, source.Height))
                {
                    // A small image: this size equals the previous one, so are its bytes; do not encode them again.
                    renditions.Add(renditions[^2] with { Name = $"{name}.webp" });
                    renditions.Add(renditions[^2] with { Name = $"{name}.jpg" });
                    continue;
                }

                var bitmap = Draw(source, matrix, w, h);
                bitmaps.Add(bitmap);
                renditions.Add(Encode(name, bitmap, SKEncodedImageFormat.Webp, options.WebpQuality, opaque));
                renditions.Add(Encode(name, bitmap, SKEncodedImageFormat.Jpeg, options.JpegQuality, opaque));
                source = bitmap;
                matrix = SKMatrix.Identity;
            }

            var thumbnail = bitmaps[^1];
            var codes = ImageCodes.Find(bitmaps[0], width, height);
            return new ProcessedImage(format, width, height, renditions, DominantColor(thumbnail), Placeholder(thumbnail), DifferenceHash(thumbnail), codes);
        }
        finally
        {
            foreach (var bitmap in bitmaps)
            {
                bitmap.Dispose();
            }
        }
    }

    /// <summary>The box <paramref name="edge"/> fits a <paramref name="width"/> x <paramref name="height"/> image into, never enlarging.</summary>
    public static (int Width, int Height) Fit(int width, int height, int edge)
    {
        var scale = Math.Min(1.0, (double)edge / Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>Number of bits in which two perceptual hashes differ.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>
    /// The smallest size the decoder can produce directly that still covers <paramref name="largestEdge"/>: JPEG decodes
    /// at 1/8 steps and WebP at any scale for a fraction of the full cost; other formats always decode at full size.
    /// </summary>
    public static SKSizeI DecodeSize(SKCodec codec, int largestEdge)
    {
        var size = codec.Info.Size;
        var longEdge = Math.Max(size.Width, size.Height);
        for (var eighths = 1; eighths < 8 && longEdge > largestEdge; eighths++)
        {
            var candidate = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(candidate.Width, candidate.Height) >= largestEdge)
            {
                return candidate;
            }
        }

        return size;
    }

    private static SKBitmap Decode(SKCodec codec, SKSizeI size)
    {
        // Decode into sRGB so photos with a wide-gamut profile (Display P3, Adobe RGB) keep their colours.
        var target = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new MediaRejectedException(MediaRejections.Corrupt, result == SKCodecResult.IncompleteInput
                ? "The image is truncated."
                : $"The image cannot be decoded ({result}).");
        }

        bitmap.SetImmutable();
        return bitmap;
    }

    /// <summary>Maps stored pixels to displayed pixels for an EXIF orientation (TIFF tag 274).</summary>
    private static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static SKBitmap Draw(SKBitmap source, SKMatrix orientation, int width, int height)
    {
        var oriented = orientation.MapRect(SKRect.Create(source.Width, source.Height));
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        using var canvas = new SKCanvas(bitmap);
        using var image = SKImage.FromBitmap(source);
        canvas.Clear(SKColors.Transparent);
        canvas.Scale(width / oriented.Width, height / oriented.Height);
        canvas.Concat(in orientation);
        canvas.DrawImage(image, 0, 0, Downscale);
        bitmap.SetImmutable();
        return bitmap;
    }

    private static EncodedRendition Encode(string name, SKBitmap bitmap, SKEncodedImageFormat format, int quality, bool opaque)
    {
        using var pixmap = bitmap.PeekPixels();
        SKData? data;
        if (format == SKEncodedImageFormat.Webp)
        {
            data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality));
        }
        else if (opaque)
        {
            data = pixmap.Encode(new SKJpegEncoderOptions(quality));
        }
        else
        {
            // JPEG has no alpha: flatten onto white, as a page would show it.
            using var flat = new SKBitmap(bitmap.Info.WithAlphaType(SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(flat))
            {
                canvas.Clear(SKColors.White);
                canvas.DrawBitmap(bitmap, 0, 0);
            }

            using var flatPixels = flat.PeekPixels();
            data = flatPixels.Encode(new SKJpegEncoderOptions(quality));
        }

        using (data)
        {
            if (data is null)
            {
                throw new InvalidOperationException($"SkiaSharp could not encode the {name} rendition as {format}.");
            }

            var extension = format == SKEncodedImageFormat.Webp ? "webp" : "jpg";
            var contentType = format == SKEncodedImageFormat.Webp ? "image/webp" : "image/jpeg";
            return new EncodedRendition($"{name}.{extension}", contentType, bitmap.Width, bitmap.Height, data.ToArray());
        }
    }

    /// <summary>The most populous colour cell (4 bits per channel) of a 48x48 sample, as the mean of the pixels in it.</summary>
    private static string DominantColor(SKBitmap thumbnail)
    {
        using var sample = Sample(thumbnail, 48, 48);
        var counts = new int[4096];
        var sums = new long[4096 * 3];
        for (var y = 0; y < sample.Height; y++)
        {
            for (var x = 0; x < sample.Width; x++)
            {
                var c = sample.GetPixel(x, y);
                if (c.Alpha < 128)
                {
                    continue; // transparent areas show the page, not the image
                }

                var cell = ((c.Red >> 4) << 8) | ((c.Green >> 4) << 4) | (c.Blue >> 4);
                counts[cell]++;
                sums[cell * 3] += c.Red;
                sums[(cell * 3) + 1] += c.Green;
                sums[(cell * 3) + 2] += c.Blue;
            }
        }

        var best = Array.IndexOf(counts, counts.Max());
        var n = Math.Max(1, counts[best]);
        return counts[best] == 0
            ? "#ffffff"
            : $"#{sums[best * 3] / n:x2}{sums[(best * 3) + 1] / n:x2}{sums[(best * 3) + 2] / n:x2}";
    }

    /// <summary>A 16-pixel WebP as a data URI: enough to paint a blurred preview, small enough to inline in a feed.</summary>
    private static string Placeholder(SKBitmap thumbnail)
    {
        var (w, h) = Fit(thumbnail.Width, thumbnail.Height, 16);
        using var tiny = Sample(thumbnail, w, h);
        using var pixmap = tiny.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, 40))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the placeholder.");
        return "data:image/webp;base64," + Convert.ToBase64String(data.AsSpan());
    }

    /// <summary>
    /// dHash: the image reduced to 9x8 grey cells; each bit says whether a cell is brighter than its right neighbour.
    /// Survives re-encoding, resizing and small edits; a rotation or crop changes it.
    /// </summary>
    private static ulong DifferenceHash(SKBitmap thumbnail)
    {
        using var cells = Sample(thumbnail, 9, 8);
        ulong hash = 0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                hash = (hash << 1) | (Luma(cells.GetPixel(x, y)) > Luma(cells.GetPixel(x + 1, y)) ? 1UL : 0UL);
            }
        }

        return hash;
    }

    private static double Luma(SKColor c) => (0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue);

    private static SKBitmap Sample(SKBitmap source, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        source.ScalePixels(bitmap, Downscale);
        return bitmap;
    }

    private static MediaRejectedException TooManyPixels(int width, int height, MediaOptions options) =>
        new(MediaRejections.TooManyPixels,
            $"The image declares {width}x{height} pixels; at most {options.MaxImageMegapixels} megapixels are accepted.");
}
