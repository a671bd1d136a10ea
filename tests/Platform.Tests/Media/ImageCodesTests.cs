using Platform.Core.Media;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Platform.Tests.Media;

/// <summary>QR codes and barcodes drawn into pictures in the test (ZXing's writer onto a SkiaSharp bitmap) and found by the pipeline.</summary>
public sealed class ImageCodesTests
{
    private static readonly MediaOptions Options = new();

    [Fact]
    public void A_qr_code_in_a_photo_is_found_with_its_text_and_region_in_displayed_pixels()
    {
        using var picture = TestMedia.Picture(1200, 900, seed: 5);
        var qr = new SKRectI(700, 420, 700 + 260, 420 + 260);
        TestCodes.Draw(picture, BarcodeFormat.QR_CODE, "https://u.wechat.com/abc123", qr);

        var image = ImagePipeline.Process(TestMedia.Encode(picture, SKEncodedImageFormat.Jpeg), MediaFormat.Jpeg, Options);

        var code = Assert.Single(image.Codes);
        Assert.Equal("QR_CODE", code.Format);
        Assert.Equal("https://u.wechat.com/abc123", code.Text);
        AssertCovers(code.Region, qr, slack: 40);
    }

    [Fact]
    public void A_barcode_is_found_and_its_region_is_scaled_from_the_decoded_size_to_the_displayed_size()
    {
        // Larger than the detail rendition (1600 px): codes are read on the detail bitmap and mapped back.
        using var picture = TestMedia.Picture(2400, 1800, seed: 6);
        var bar = new SKRectI(400, 1000, 400 + 900, 1000 + 300);
        TestCodes.Draw(picture, BarcodeFormat.CODE_128, "SHOP-8888", bar);

        var image = ImagePipeline.Process(TestMedia.Encode(picture, SKEncodedImageFormat.Png), MediaFormat.Png, Options);

        var code = Assert.Single(image.Codes);
        Assert.Equal(("CODE_128", "SHOP-8888"), (code.Format, code.Text));
        // A 1D code is read along one row: the region spans the bars across, and around that row (inside the bars) down.
        Assert.InRange(code.Region.X, bar.Left - 60, bar.Left + 60);
        Assert.InRange(code.Region.X + code.Region.Width, bar.Right - 60, bar.Right + 60);
        Assert.InRange(code.Region.Y + (code.Region.Height / 2), bar.Top, bar.Bottom);
    }

    [Fact]
    public void A_photo_without_codes_has_none()
    {
        Assert.Empty(ImagePipeline.Process(TestMedia.Jpeg(800, 600, seed: 7), MediaFormat.Jpeg, Options).Codes);
    }

    private static void AssertCovers(ImageRegion region, SKRectI expected, int slack)
    {
        Assert.InRange(region.X, expected.Left - slack, expected.Left + slack);
        Assert.InRange(region.Y, expected.Top - slack, expected.Top + slack);
        Assert.InRange(region.X + region.Width, expected.Right - slack, expected.Right + slack);
        Assert.InRange(region.Y + region.Height, expected.Bottom - slack, expected.Bottom + slack);
    }
}

/// <summary>Codes drawn with ZXing's writer onto SkiaSharp bitmaps.</summary>
public static class TestCodes
{
    /// <summary>A QR code as a spammer posts it: <paramref name="text"/> on a white quiet zone over a photo.</summary>
    public static byte[] PhotoWithQrCode(string text, int seed)
    {
        using var picture = TestMedia.Picture(900, 700, seed);
        Draw(picture, BarcodeFormat.QR_CODE, text, new SKRectI(500, 300, 500 + 240, 300 + 240));
        return TestMedia.Encode(picture, SKEncodedImageFormat.Jpeg);
    }

    public static void Draw(SKBitmap target, BarcodeFormat format, string text, SKRectI where)
    {
        var writer = new BarcodeWriterPixelData
        {
            Format = format,
            Options = new EncodingOptions { Width = where.Width, Height = where.Height, Margin = 2 },
        };
        var pixels = writer.Write(text);
        using var code = new SKBitmap(new SKImageInfo(pixels.Width, pixels.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        System.Runtime.InteropServices.Marshal.Copy(pixels.Pixels, 0, code.GetPixels(), pixels.Pixels.Length);
        using var canvas = new SKCanvas(target);
        canvas.DrawBitmap(code, SKRect.Create(where.Left, where.Top, where.Width, where.Height));
    }
}
