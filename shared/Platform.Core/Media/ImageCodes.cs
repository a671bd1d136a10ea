using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Platform.Core.Media;

/// <summary>A QR code or barcode found in an image: its format, what it says, and where it is.</summary>
/// <param name="Format">ZXing's name for the symbology, e.g. <c>QR_CODE</c>, <c>EAN_13</c>.</param>
/// <param name="Text">The decoded content, cut to <see cref="ImageCodes.MaxTextLength"/> characters.</param>
/// <param name="Region">The code's bounding box in the displayed image (after EXIF orientation), in its pixels.</param>
public sealed record ImageCode(string Format, string Text, ImageRegion Region);

/// <summary>A rectangle in an image's displayed pixels.</summary>
public sealed record ImageRegion(int X, int Y, int Width, int Height);

/// <summary>
/// Finds QR codes and barcodes with ZXing.Net on a bitmap the pipeline has already decoded (no second decode of the file):
/// spammers put a WeChat QR code or a shop's barcode in a picture where the text rules cannot see it.
/// </summary>
public static class ImageCodes
{
    public const int MaxTextLength = 256;

    // The smallest QR code (21 modules) cannot be read in fewer pixels.
    private const int MinEdge = 21;

    // Codes people scan with a phone. MaxiCode is left out: ZXing reads it only from a picture of nothing else.
    private static readonly List<BarcodeFormat> Formats =
    [
        BarcodeFormat.QR_CODE, BarcodeFormat.DATA_MATRIX, BarcodeFormat.AZTEC, BarcodeFormat.PDF_417, BarcodeFormat.CODE_128,
        BarcodeFormat.CODE_39, BarcodeFormat.CODE_93, BarcodeFormat.EAN_13, BarcodeFormat.EAN_8, BarcodeFormat.UPC_A,
        BarcodeFormat.UPC_E, BarcodeFormat.ITF, BarcodeFormat.CODABAR,
    ];

    /// <summary>The codes in <paramref name="bitmap"/>, with regions scaled to a displayed size of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static IReadOnlyList<ImageCode> Find(SKBitmap bitmap, int width, int height)
    {
        var format = bitmap.ColorType switch
        {
            SKColorType.Bgra8888 => RGBLuminanceSource.BitmapFormat.BGRA32,
            SKColorType.Rgba8888 => RGBLuminanceSource.BitmapFormat.RGBA32,
            _ => (RGBLuminanceSource.BitmapFormat?)null,
        };
        if (format is null)
        {
            using var converted = new SKBitmap(bitmap.Info.WithColorType(SKColorType.Bgra8888));
            return bitmap.CopyTo(converted, SKColorType.Bgra8888) ? Find(converted, width, height) : [];
        }

        if (Math.Min(bitmap.Width, bitmap.Height) < MinEdge)
        {
            return [];
        }

        // Try harder (more rows, 1D codes turned 90°), but neither every rotation nor inverted colours: each multiplies
        // the cost for the many pictures with no code at all, and QR codes are found at any angle anyway.
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions { TryHarder = true, TryInverted = false, PossibleFormats = Formats },
        };
        Result[] results;
        try
        {
            results = reader.DecodeMultiple(bitmap.Bytes, bitmap.Width, bitmap.Height, format.Value) ?? [];
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            // A decoder bug on odd pixels must not refuse a picture; the text rules and moderators still see the note.
            return [];
        }

        var scaleX = (double)width / bitmap.Width;
        var scaleY = (double)height / bitmap.Height;
        return results
            .Where(r => r.ResultPoints is { Length: > 0 })
            .Select(r => new ImageCode(r.BarcodeFormat.ToString(), Cut(r.Text ?? ""), Region(r.ResultPoints, scaleX, scaleY, width, height)))
            .ToList();
    }

    // ZXing reports the centres of finder patterns (QR: 3.5 modules in from the edge, a quarter of their distance in a
    // small code) or the ends of one scan line (1D), not corners: their bounding box grown by a quarter covers the code.
    private static ImageRegion Region(ResultPoint[] points, double scaleX, double scaleY, int width, int height)
    {
        var left = points.Min(p => p.X);
        var right = points.Max(p => p.X);
        var top = points.Min(p => p.Y);
        var bottom = points.Max(p => p.Y);
        var line = bottom - top < (right - left) / 4;
        var padX = line ? Math.Max(1, (right - left) / 50) : Math.Max(1, (right - left) / 4);
        // A 1D code is reported as one scan line: give it a height of half its width around that line.
        var padY = line ? (right - left) / 4 : Math.Max(1, (bottom - top) / 4);
        var x = Math.Clamp((int)Math.Floor((left - padX) * scaleX), 0, width - 1);
        var y = Math.Clamp((int)Math.Floor((top - padY) * scaleY), 0, height - 1);
        var r = Math.Clamp((int)Math.Ceiling((right + padX) * scaleX), x + 1, width);
        var b = Math.Clamp((int)Math.Ceiling((bottom + padY) * scaleY), y + 1, height);
        return new ImageRegion(x, y, r - x, b - y);
    }

    private static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength];
}
