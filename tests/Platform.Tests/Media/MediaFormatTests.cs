using Platform.Core.Media;
using SkiaSharp;

namespace Platform.Tests.Media;

/// <summary>Formats are recognised by their bytes, and sizes are read from headers without decoding.</summary>
public sealed class MediaFormatTests
{
    [Fact]
    public void Each_format_is_recognised_by_its_first_bytes()
    {
        using var picture = TestMedia.Picture(64, 48, seed: 1);

        Assert.Equal(MediaFormat.Jpeg, MediaFormat.Sniff(TestMedia.Encode(picture, SKEncodedImageFormat.Jpeg)));
        Assert.Equal(MediaFormat.Png, MediaFormat.Sniff(TestMedia.Encode(picture, SKEncodedImageFormat.Png)));
        Assert.Equal(MediaFormat.Webp, MediaFormat.Sniff(TestMedia.Encode(picture, SKEncodedImageFormat.Webp)));
        Assert.Equal(MediaFormat.Gif, MediaFormat.Sniff(TestMedia.Gif1x1));
        Assert.Equal(MediaFormat.Mp4, MediaFormat.Sniff(TestMedia.Mp4(1000, 1000)));
        Assert.Equal(MediaFormat.QuickTime, MediaFormat.Sniff(TestMedia.Mp4(1000, 1000, brand: "qt  ")));
        Assert.Equal(MediaFormat.WebM, MediaFormat.Sniff(TestMedia.WebM(1000, 640, 480)));
        Assert.Null(MediaFormat.Sniff(TestMedia.Mp4(1000, 1000, brand: "heic"))); // an iPhone still, not a video
        Assert.Null(MediaFormat.Sniff("%PDF-1.7"u8));
        Assert.Null(MediaFormat.Sniff([]));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 1234, 567)]
    [InlineData(SKEncodedImageFormat.Png, 1, 3000)]
    [InlineData(SKEncodedImageFormat.Webp, 999, 333)]
    public void The_header_states_the_stored_size(SKEncodedImageFormat encoding, int width, int height)
    {
        using var picture = TestMedia.Picture(width, height, seed: 2);
        var bytes = TestMedia.Encode(picture, encoding);

        Assert.Equal((width, height), ImageHeader.ReadSize(bytes, MediaFormat.Sniff(bytes)!));
    }

    [Fact]
    public void Lossless_and_extended_webp_headers_are_read_too()
    {
        using var picture = TestMedia.Picture(301, 203, seed: 3);
        using var pixmap = picture.PeekPixels();
        var lossless = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 50))!.ToArray();
        // VP8X: the extended header Skia writes for an image with alpha, declared here by hand.
        byte[] extended = [.. "RIFF"u8.ToArray(), 0, 0, 0, 0, .. "WEBPVP8X"u8.ToArray(), 10, 0, 0, 0, 0x10, 0, 0, 0, 0x3F, 0x9C, 0x00, 0x1F, 0x4E, 0x00];

        Assert.Equal((301, 203), ImageHeader.ReadSize(lossless, MediaFormat.Webp));
        Assert.Equal((40_000, 20_000), ImageHeader.ReadSize(extended, MediaFormat.Webp));
    }

    [Fact]
    public void A_jpeg_size_is_found_after_large_metadata_segments()
    {
        var jpeg = TestMedia.WithXmp(TestMedia.WithExif(TestMedia.Jpeg(640, 480, seed: 4), orientation: 6));

        Assert.Equal((640, 480), ImageHeader.ReadSize(jpeg, MediaFormat.Jpeg));
        Assert.Null(ImageHeader.ReadSize(jpeg.AsSpan(0, 30), MediaFormat.Jpeg));
    }
}
