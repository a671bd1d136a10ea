using Platform.Core.Media;
using Platform.Core.Storage;
using SkiaSharp;

namespace Platform.Tests.Media;

/// <summary>The processing pipeline, driven through the blob-trigger function as the Functions host calls it.</summary>
public sealed class MediaProcessingTests : IDisposable
{
    private readonly MediaHarness _harness = new();

    public static TheoryData<string, string> Formats => new()
    {
        { "jpeg", "image/jpeg" },
        { "png", "image/png" },
        { "webp", "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_image_becomes_ready_with_webp_and_jpeg_renditions_in_three_sizes(string format, string contentType)
    {
        using var picture = TestMedia.Picture(2000, 1500, seed: 1);
        var encoded = TestMedia.Encode(picture, format switch
        {
            "png" => SKEncodedImageFormat.Png,
            "webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Jpeg,
        });

        var item = await _harness.UploadAndProcessAsync("alice", encoded, contentType);

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal(contentType, item.ContentType);
        Assert.Equal((2000, 1500), (item.Width, item.Height));
        Assert.Equal(
            ["detail.jpg", "detail.webp", "feed.jpg", "feed.webp", "thumbnail.jpg", "thumbnail.webp"],
            item.Renditions.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal((1600, 1200), Size(item, "detail.webp"));
        Assert.Equal((720, 540), Size(item, "feed.jpg"));
        Assert.Equal((320, 240), Size(item, "thumbnail.webp"));
        foreach (var rendition in item.Renditions)
        {
            var bytes = await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/{rendition.Name}");
            using var codec = SKCodec.Create(new MemoryStream(bytes));
            Assert.Equal(rendition.Name.EndsWith(".webp", StringComparison.Ordinal) ? SKEncodedImageFormat.Webp : SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal((rendition.Width, rendition.Height), (codec.Info.Width, codec.Info.Height));
            Assert.Equal(bytes.Length, rendition.Bytes);
        }

        Assert.Matches("^#[0-9a-f]{6}$", item.DominantColor);
        Assert.StartsWith("data:image/webp;base64,", item.Placeholder, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}$", item.PerceptualHash);
        Assert.Null(await _harness.Blobs.GetInfoAsync(BlobContainers.Uploads, $"alice/{item.Id}", default)); // the original is gone
    }

    [Fact]
    public async Task A_gif_is_accepted_and_a_small_image_is_never_enlarged()
    {
        var item = await _harness.UploadAndProcessAsync("alice", TestMedia.Gif1x1, "image/gif");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal("image/gif", item.ContentType);
        Assert.All(item.Renditions, r => Assert.Equal((1, 1), (r.Width!.Value, r.Height!.Value)));
    }

    [Fact]
    public async Task The_dominant_colour_is_the_colour_of_most_of_the_picture()
    {
        using var bitmap = new SKBitmap(400, 300);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x20, 0x80, 0xE0));
            using var paint = new SKPaint { Color = SKColors.Yellow };
            canvas.DrawRect(0, 0, 100, 100, paint);
        }

        var item = await _harness.UploadAndProcessAsync("alice", TestMedia.Encode(bitmap, SKEncodedImageFormat.Png), "image/png");

        var colour = SKColor.Parse(item.DominantColor);
        Assert.InRange(colour.Red, 0x18, 0x28);
        Assert.InRange(colour.Green, 0x78, 0x88);
        Assert.InRange(colour.Blue, 0xD8, 0xE8);
    }

    [Fact]
    public async Task Exif_orientation_is_applied_to_the_pixels()
    {
        // Stored 400x200, left half red; orientation 6 means "rotate 90° clockwise to display": red ends up on top.
        using var stored = TestMedia.LeftRedRightBlue(400, 200);
        var jpeg = TestMedia.WithExif(TestMedia.Encode(stored, SKEncodedImageFormat.Jpeg), orientation: 6);

        var item = await _harness.UploadAndProcessAsync("alice", jpeg, "image/jpeg");

        Assert.Equal((200, 400), (item.Width, item.Height));
        using var detail = SKBitmap.Decode(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/detail.jpg"));
        Assert.Equal((200, 400), (detail.Width, detail.Height));
        var top = detail.GetPixel(100, 50);
        var bottom = detail.GetPixel(100, 350);
        Assert.True(top.Red > 200 && top.Blue < 60, $"top should be red, was {top}");
        Assert.True(bottom.Blue > 200 && bottom.Red < 60, $"bottom should be blue, was {bottom}");
    }

    [Fact]
    public async Task Gps_exif_and_xmp_are_gone_from_every_rendition()
    {
        var original = TestMedia.WithXmp(TestMedia.WithExif(TestMedia.Jpeg(800, 600, seed: 2), orientation: 1));
        Assert.True(TestMedia.Contains(original, TestMedia.GpsMarker) && TestMedia.Contains(original, TestMedia.XmpSecret));
        using (var codec = SKCodec.Create(new MemoryStream(original)))
        {
            Assert.NotNull(codec); // the metadata is well formed: a decoder still reads the file
        }

        var item = await _harness.UploadAndProcessAsync("alice", original, "image/jpeg");

        Assert.Equal(MediaStatus.Ready, item.Status);
        foreach (var rendition in item.Renditions)
        {
            var bytes = await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/{rendition.Name}");
            Assert.False(TestMedia.Contains(bytes, TestMedia.GpsMarker), $"{rendition.Name} still names the camera");
            Assert.False(TestMedia.Contains(bytes, TestMedia.XmpSecret), $"{rendition.Name} still has the XMP packet");
            Assert.False(TestMedia.Contains(bytes, "Exif"), $"{rendition.Name} still has an EXIF block");
            Assert.False(TestMedia.Contains(bytes, "http://ns.adobe.com/xap"), $"{rendition.Name} still has XMP");
            if (rendition.ContentType == "image/jpeg")
            {
                Assert.DoesNotContain(TestMedia.Segments(bytes), s => s.Marker == 0xE1); // no APP1 at all
            }
            else
            {
                Assert.False(TestMedia.Contains(bytes, "EXIF") || TestMedia.Contains(bytes, "XMP "), $"{rendition.Name} has a metadata chunk");
            }
        }
    }

    [Fact]
    public async Task A_truncated_jpeg_is_rejected_as_corrupt()
    {
        var jpeg = TestMedia.Jpeg(800, 600, seed: 3);

        var item = await _harness.UploadAndProcessAsync("alice", jpeg[..(jpeg.Length / 2)], "image/jpeg");

        AssertRejected(item, MediaRejections.Corrupt);
        Assert.Empty(await _harness.ListAsync(BlobContainers.Media, item.Id + "/"));
        Assert.Null(await _harness.Blobs.GetInfoAsync(BlobContainers.Uploads, $"alice/{item.Id}", default));
    }

    [Fact]
    public async Task A_file_with_image_magic_but_garbage_inside_is_rejected_as_corrupt()
    {
        var png = TestMedia.Png(300, 200, seed: 4);
        var garbage = png.ToArray();
        new Random(4).NextBytes(garbage.AsSpan(40));

        AssertRejected(await _harness.UploadAndProcessAsync("alice", garbage, "image/png"), MediaRejections.Corrupt);
    }

    [Fact]
    public async Task Text_renamed_to_jpg_is_rejected_by_content()
    {
        var text = "<html><script>alert(1)</script></html>"u8.ToArray();

        AssertRejected(await _harness.UploadAndProcessAsync("alice", text, "image/jpeg"), MediaRejections.UnsupportedType);
    }

    [Fact]
    public async Task A_png_declared_as_jpeg_is_judged_by_its_content()
    {
        var item = await _harness.UploadAndProcessAsync("alice", TestMedia.Png(300, 200, seed: 5), "image/jpeg");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal("image/png", item.ContentType);
        Assert.Equal("image/jpeg", item.DeclaredContentType);
    }

    [Fact]
    public async Task An_empty_upload_is_rejected()
    {
        AssertRejected(await _harness.UploadAndProcessAsync("alice", [], "image/jpeg"), MediaRejections.Empty);
    }

    [Theory]
    [InlineData("png", 20_000, 20_000)]
    [InlineData("jpeg", 10_000, 6_000)]
    public async Task A_decompression_bomb_is_refused_from_its_header(string format, int width, int height)
    {
        var bomb = format == "png" ? TestMedia.PngDeclaring(width, height) : TestMedia.JpegDeclaring(width, height);
        Assert.True(bomb.Length < 200); // tiny on disk, gigabytes once decoded

        var item = await _harness.UploadAndProcessAsync("alice", bomb, format == "png" ? "image/png" : "image/jpeg");

        AssertRejected(item, MediaRejections.TooManyPixels);
        Assert.Contains($"{width}x{height}", item.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_just_under_the_pixel_limit_is_accepted_by_the_same_check()
    {
        using var harness = new MediaHarness(new Dictionary<string, string?> { ["Platform:Media:MaxImageMegapixels"] = "1" });

        var under = await harness.UploadAndProcessAsync("alice", TestMedia.Png(1000, 1000, seed: 6), "image/png");
        var over = await harness.UploadAndProcessAsync("alice", TestMedia.Png(1001, 1000, seed: 6), "image/png");

        Assert.Equal(MediaStatus.Ready, under.Status);
        AssertRejected(over, MediaRejections.TooManyPixels);
    }

    [Fact]
    public async Task An_image_over_the_size_limit_is_rejected()
    {
        using var harness = new MediaHarness(new Dictionary<string, string?> { ["Platform:Media:MaxImageBytes"] = "20000" });
        var png = TestMedia.NoisePng(200, 200, seed: 7);
        Assert.True(png.Length > 20_000);

        // The slot would refuse the declared size, so store the file the way a client that lied about its size would.
        var (mediaId, _) = await harness.UploadAsync("alice", TestMedia.Png(10, 10, seed: 7), "image/png");
        var name = $"alice/{mediaId}";
        await harness.Blobs.PutAsync(BlobContainers.Uploads, name, new MemoryStream(png), "image/png", default);
        await harness.TriggerAsync(name);

        AssertRejected(await harness.ReadAsync(mediaId), MediaRejections.TooLarge);
    }

    [Fact]
    public async Task Processing_the_same_upload_again_changes_nothing_and_stores_nothing_twice()
    {
        var jpeg = TestMedia.Jpeg(1200, 900, seed: 8);
        var (mediaId, name) = await _harness.UploadAsync("alice", jpeg, "image/jpeg");

        // Two deliveries racing, then a late redelivery after the original was deleted and uploaded again.
        await Task.WhenAll(_harness.TriggerAsync(name), _harness.TriggerAsync(name));
        var first = await _harness.ReadAsync(mediaId);
        var blobsAfterFirst = await _harness.ListAsync(BlobContainers.Media, mediaId + "/");
        await _harness.Blobs.PutAsync(BlobContainers.Uploads, name, new MemoryStream(jpeg), "image/jpeg", default);
        await _harness.TriggerAsync(name);
        var second = await _harness.ReadAsync(mediaId);

        Assert.Equal(MediaStatus.Ready, first.Status);
        Assert.Equal(6, blobsAfterFirst.Count);
        Assert.Equal(blobsAfterFirst, await _harness.ListAsync(BlobContainers.Media, mediaId + "/"));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first), System.Text.Json.JsonSerializer.Serialize(second));
        Assert.Null(await _harness.Blobs.GetInfoAsync(BlobContainers.Uploads, name, default));
    }

    [Fact]
    public async Task Running_the_pipeline_twice_on_the_same_bytes_gives_the_same_renditions()
    {
        var jpeg = TestMedia.Jpeg(1200, 900, seed: 9);
        var options = new MediaOptions();

        var a = ImagePipeline.Process(jpeg, MediaFormat.Jpeg, options);
        var b = ImagePipeline.Process(jpeg, MediaFormat.Jpeg, options);

        Assert.Equal(a.PerceptualHash, b.PerceptualHash);
        Assert.All(a.Renditions.Zip(b.Renditions), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    [Fact]
    public async Task An_upload_nobody_asked_for_is_deleted_and_touches_no_record()
    {
        var name = $"alice/{MediaHarness.NewId()}";
        await _harness.Blobs.PutAsync(BlobContainers.Uploads, name, new MemoryStream(TestMedia.Gif1x1), "image/gif", default);

        await _harness.TriggerAsync(name);

        Assert.Null(await _harness.Blobs.GetInfoAsync(BlobContainers.Uploads, name, default));
    }

    [Fact]
    public async Task An_upload_under_another_users_name_does_not_complete_their_media()
    {
        var (bobsMedia, _) = await _harness.UploadAsync("bob", TestMedia.Gif1x1, "image/gif");
        var forged = $"mallory/{bobsMedia}";
        await _harness.Blobs.PutAsync(BlobContainers.Uploads, forged, new MemoryStream(TestMedia.Png(50, 50, 1)), "image/png", default);

        await _harness.TriggerAsync(forged);

        Assert.Equal(MediaStatus.Pending, (await _harness.ReadAsync(bobsMedia)).Status);
        Assert.Empty(await _harness.ListAsync(BlobContainers.Media, bobsMedia + "/"));
    }

    [Fact]
    public async Task A_reupload_of_someone_elses_picture_is_marked_as_a_duplicate_of_the_original()
    {
        using var picture = TestMedia.Picture(1600, 1200, seed: 10);
        var original = await _harness.UploadAndProcessAsync("alice", TestMedia.Encode(picture, SKEncodedImageFormat.Jpeg, 92), "image/jpeg");
        // The copy is smaller and re-compressed, as a screenshot or a re-save would be.
        using var smaller = picture.Resize(new SKSizeI(1000, 750), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var copy = await _harness.UploadAndProcessAsync("bob", TestMedia.Encode(smaller, SKEncodedImageFormat.Webp, 60), "image/webp");
        var ownAgain = await _harness.UploadAndProcessAsync("alice", TestMedia.Encode(picture, SKEncodedImageFormat.Png), "image/png");
        var different = await _harness.UploadAndProcessAsync("bob", TestMedia.Jpeg(1600, 1200, seed: 11), "image/jpeg");

        Assert.Null(original.DuplicateOf);
        Assert.Equal(original.Id, copy.DuplicateOf);
        Assert.Null(ownAgain.DuplicateOf); // re-posting your own picture is not a copy, even after someone copied it
        Assert.Null(different.DuplicateOf);
        Assert.True(ImagePipeline.Distance(Hash(original), Hash(different)) > 10);
    }

    [Fact]
    public async Task A_matroska_file_is_not_taken_for_webm()
    {
        AssertRejected(await _harness.UploadAndProcessAsync("alice", TestMedia.WebM(1000, 640, 480, docType: "matroska"), "video/webm"),
            MediaRejections.UnsupportedType);
    }

    [Fact]
    public async Task A_truncated_video_is_rejected_and_nothing_of_it_is_kept()
    {
        var video = TestMedia.Mp4(1000, 5000);

        var item = await _harness.UploadAndProcessAsync("alice", video[..^100], "video/mp4");

        AssertRejected(item, MediaRejections.Corrupt);
        Assert.Empty(await _harness.ListAsync(BlobContainers.Media, item.Id + "/"));
    }

    [Fact]
    public async Task A_video_longer_than_allowed_is_rejected()
    {
        var item = await _harness.UploadAndProcessAsync("alice", TestMedia.Mp4(timescale: 1000, duration: 16 * 60 * 1000), "video/mp4");

        AssertRejected(item, MediaRejections.TooLong);
    }

    [Fact]
    public async Task A_video_over_the_size_limit_is_rejected_while_it_is_copied()
    {
        using var harness = new MediaHarness(new Dictionary<string, string?> { ["Platform:Media:MaxVideoBytes"] = "10000" });
        var (mediaId, _) = await harness.UploadAsync("alice", TestMedia.Mp4(1000, 1000), "video/mp4");
        var name = $"alice/{mediaId}";
        await harness.Blobs.PutAsync(BlobContainers.Uploads, name, new MemoryStream(TestMedia.Mp4(1000, 1000, mdatBytes: 50_000)), "video/mp4", default);

        await harness.TriggerAsync(name);

        AssertRejected(await harness.ReadAsync(mediaId), MediaRejections.TooLarge);
        Assert.Empty(await harness.ListAsync(BlobContainers.Media, mediaId + "/"));
    }

    private static ulong Hash(MediaItem item) => ulong.Parse(item.PerceptualHash!, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    private static (int?, int?) Size(MediaItem item, string name)
    {
        var rendition = item.Renditions.Single(r => r.Name == name);
        return (rendition.Width, rendition.Height);
    }

    private static void AssertRejected(MediaItem item, string code)
    {
        Assert.Equal(MediaStatus.Rejected, item.Status);
        Assert.Equal(code, item.Rejection?.Code);
        Assert.Empty(item.Renditions);
    }

    public void Dispose() => _harness.Dispose();
}
