using System.Text.RegularExpressions;
using Platform.Core.Media;
using Platform.Core.Storage;
using SkiaSharp;

namespace Platform.Tests.Media;

/// <summary>Videos through the blob-trigger function with the pinned FFmpeg: posters, renditions, rotation, rejections.</summary>
public sealed partial class VideoProcessingTests : IDisposable
{
    private readonly MediaHarness _harness = new();

    [Fact]
    public async Task A_video_gets_a_poster_like_an_image_and_faststart_h264_renditions_at_720p_and_480p()
    {
        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.Landscape720, "video/mp4");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal(MediaKind.Video, item.Kind);
        Assert.Equal((1280, 720), (item.Width, item.Height));
        Assert.InRange(item.DurationSeconds!.Value, 0.9, 1.2);
        Assert.Matches("^#[0-9a-f]{6}$", item.DominantColor);
        Assert.StartsWith("data:image/webp;base64,", item.Placeholder);
        Assert.NotNull(item.PerceptualHash);
        Assert.Equal(
            ["480p.mp4", "720p.mp4", "detail.jpg", "detail.webp", "feed.jpg", "feed.webp", "thumbnail.jpg", "thumbnail.webp"],
            item.Renditions.Select(r => r.Name).Order(StringComparer.Ordinal));

        using (var poster = SKBitmap.Decode(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/feed.webp")))
        {
            Assert.Equal((720, 405), (poster.Width, poster.Height));
        }

        foreach (var (name, width, height) in new[] { ("720p.mp4", 1280, 720), ("480p.mp4", 854, 480) })
        {
            var bytes = await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/{name}");
            var streams = Streams(VideoClips.Probe(bytes));
            Assert.Contains($"h264,video,{width},{height}", streams);
            Assert.Contains("aac,audio", streams);
            var boxes = VideoClips.TopLevelBoxes(bytes);
            Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), $"faststart: moov before mdat in {string.Join(',', boxes)}");
            var rendition = item.Renditions.Single(r => r.Name == name);
            Assert.Equal(("video/mp4", width, height, (long)bytes.Length), (rendition.ContentType, rendition.Width!.Value, rendition.Height!.Value, rendition.Bytes));
        }
    }

    [Fact]
    public async Task A_portrait_videos_poster_renditions_have_the_image_sizes()
    {
        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.Portrait1080, "video/mp4");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal((1080, 1920), (item.Width, item.Height));
        foreach (var (name, width, height) in new[] { ("detail", 900, 1600), ("feed", 405, 720), ("thumbnail", 180, 320) })
        {
            foreach (var (extension, contentType) in new[] { ("webp", "image/webp"), ("jpg", "image/jpeg") })
            {
                var rendition = item.Renditions.Single(r => r.Name == $"{name}.{extension}");
                Assert.Equal((contentType, width, height), (rendition.ContentType, rendition.Width!.Value, rendition.Height!.Value));
                using var poster = SKBitmap.Decode(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/{rendition.Name}"));
                Assert.Equal((width, height), (poster.Width, poster.Height));
            }
        }
    }

    [Fact]
    public async Task A_rotated_video_is_shown_upright_and_never_enlarged()
    {
        Assert.Contains("h264,video,640,360,90", Streams(VideoClips.Probe(VideoClips.Rotated)));

        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.Rotated, "video/mp4");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal((360, 640), (item.Width, item.Height)); // stored 640x360, turned by its display matrix
        var rendition = Assert.Single(item.Renditions, r => r.ContentType == "video/mp4");
        Assert.Equal("360p.mp4", rendition.Name); // below 480: one rendition at its own size
        var probe = VideoClips.Probe(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/360p.mp4"));
        Assert.Contains("h264,video,360,640", Streams(probe)); // upright pixels, and no rotation left to apply (it would follow)
        using var poster = SKBitmap.Decode(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/detail.jpg"));
        Assert.Equal((360, 640), (poster.Width, poster.Height));
    }

    [Fact]
    public async Task A_video_without_sound_gets_renditions_without_sound()
    {
        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.Silent, "video/mp4");

        Assert.Equal(MediaStatus.Ready, item.Status);
        var streams = Streams(VideoClips.Probe(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/240p.mp4")));
        Assert.Equal(["h264,video,320,240"], streams);
    }

    [Fact]
    public async Task A_phones_hevc_video_becomes_h264_that_browsers_play()
    {
        Assert.Contains("hevc,video,320,240", Streams(VideoClips.Probe(VideoClips.Hevc, "mov")));

        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.Hevc, "video/quicktime");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal("video/quicktime", item.ContentType);
        Assert.Contains("h264,video,320,240", Streams(VideoClips.Probe(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/240p.mp4"))));
    }

    [Fact]
    public async Task A_webm_video_becomes_mp4()
    {
        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.WebM, "video/webm");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Contains(item.Renditions, r => r.Name == "240p.mp4");
    }

    [Fact]
    public async Task A_truncated_video_is_rejected_as_corrupt_and_nothing_is_kept()
    {
        var clip = VideoClips.Landscape720;

        var item = await _harness.UploadAndProcessAsync("alice", clip[..(clip.Length / 2)], "video/mp4");

        AssertRejected(item, MediaRejections.Corrupt);
        Assert.Empty(await _harness.ListAsync(BlobContainers.Media, item.Id + "/"));
    }

    [Fact]
    public async Task A_video_whose_frames_are_garbage_is_rejected_as_corrupt()
    {
        // The boxes are intact, so only FFprobe or FFmpeg can tell: every byte of media data is overwritten.
        var clip = (byte[])VideoClips.Silent.Clone();
        var mdat = clip.AsSpan().IndexOf("mdat"u8);
        var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(clip.AsSpan(mdat - 4));
        clip.AsSpan(mdat + 4, (int)size - 8).Clear();

        var item = await _harness.UploadAndProcessAsync("alice", clip, "video/mp4");

        AssertRejected(item, MediaRejections.Corrupt);
    }

    [Fact]
    public async Task An_empty_upload_is_rejected_as_empty()
    {
        AssertRejected(await _harness.UploadAndProcessAsync("alice", [], "video/mp4"), MediaRejections.Empty);
    }

    [Fact]
    public async Task Huge_declared_dimensions_are_refused_from_the_header_before_decoding()
    {
        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.HugeDeclared(), "video/mp4");

        AssertRejected(item, MediaRejections.TooManyPixels);
        Assert.Contains("60000x60000", item.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_larger_than_the_edge_limit_is_refused_from_the_probe()
    {
        using var harness = new MediaHarness(new Dictionary<string, string?> { ["Platform:Media:MaxVideoEdge"] = "300" });

        AssertRejected(await harness.UploadAndProcessAsync("alice", VideoClips.Silent, "video/mp4"), MediaRejections.TooManyPixels);
    }

    [Fact]
    public async Task A_stream_larger_than_its_container_declares_is_refused_by_ffprobes_verdict_not_the_posters_failure()
    {
        // The header says 200x150 and passes; the 320x240 stream is over the edge (FFprobe) and over the decoder's pixel
        // cap (the poster, made from the header while FFprobe runs, fails): the rejection is FFprobe's, as when they ran in turn.
        using var harness = new MediaHarness(new Dictionary<string, string?> { ["Platform:Media:MaxVideoEdge"] = "250" });

        var item = await harness.UploadAndProcessAsync("alice", VideoClips.Declaring(200, 150), "video/mp4");

        AssertRejected(item, MediaRejections.TooManyPixels);
        Assert.Contains("320x240", item.Rejection!.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.ListAsync(BlobContainers.Media, item.Id + "/"));
    }

    [Fact]
    public async Task A_container_that_misstates_the_size_gets_its_poster_made_again_from_the_stream()
    {
        var item = await _harness.UploadAndProcessAsync("alice", VideoClips.Declaring(640, 480), "video/mp4");

        Assert.Equal(MediaStatus.Ready, item.Status);
        Assert.Equal((320, 240), (item.Width, item.Height));
        using var poster = SKBitmap.Decode(await _harness.ReadBlobAsync(BlobContainers.Media, $"{item.Id}/detail.jpg"));
        Assert.Equal((320, 240), (poster.Width, poster.Height));
    }

    [Fact]
    public async Task A_poster_the_image_pipeline_refuses_stops_the_transcode_and_nothing_is_kept()
    {
        // The poster is 1280x1280 (1.6 megapixels) against a 1 megapixel limit: its image work fails while FFmpeg transcodes.
        using var harness = new MediaHarness(new Dictionary<string, string?> { ["Platform:Media:MaxImageMegapixels"] = "1" });

        var item = await harness.UploadAndProcessAsync("alice", VideoClips.Square1280, "video/mp4");

        AssertRejected(item, MediaRejections.TooManyPixels);
        Assert.Contains("1280x1280", item.Rejection!.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.ListAsync(BlobContainers.Media, item.Id + "/"));
    }

    [Fact]
    public async Task A_heic_photo_is_refused_with_its_own_code_whatever_it_was_declared_as()
    {
        var heic = TestMedia.Mp4(1000, 1000, brand: "heic");

        var item = await _harness.UploadAndProcessAsync("alice", heic, "image/jpeg");

        AssertRejected(item, MediaRejections.HeicUnsupported);
    }

    [Theory]
    [InlineData(720, 1280, "720,480", "720p:720x1280,480p:480x854")]
    [InlineData(1920, 1080, "720,480", "720p:1280x720,480p:854x480")]
    [InlineData(640, 480, "720,480", "480p:640x480")]
    [InlineData(321, 241, "720,480", "240p:320x240")]
    [InlineData(3840, 2160, "1080", "1080p:1920x1080")]
    public void Renditions_are_planned_by_their_short_edge_and_never_enlarged(int width, int height, string heights, string expected)
    {
        var options = new MediaOptions { VideoRenditionHeights = heights };

        var plans = VideoPipeline.Plan(width, height, options.RenditionHeights());

        Assert.Equal(expected, string.Join(',', plans.Select(p => $"{p.ShortEdge}p:{p.Width}x{p.Height}")));
    }

    public void Dispose() => _harness.Dispose();

    private static List<string> Streams(string probe) =>
        probe.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => Trailing().Replace(l, "")).ToList();

    private static void AssertRejected(MediaItem item, string code)
    {
        Assert.Equal(MediaStatus.Rejected, item.Status);
        Assert.Equal(code, item.Rejection?.Code);
        Assert.Empty(item.Renditions);
    }

    [GeneratedRegex(",+$")]
    private static partial Regex Trailing();
}

/// <summary>The web client refuses HEIC before uploading by the same brands the server sniffs.</summary>
public sealed class HeifAgreementTests
{
    [Fact]
    public void The_web_client_checks_the_heif_brands_the_server_refuses()
    {
        var compose = File.ReadAllText(Platform.Tests.Support.RepoPaths.Of("functions", "web", "js", "views", "compose.js"));
        var line = compose.Split('\n').Single(l => l.StartsWith("const HEIF_BRANDS", StringComparison.Ordinal));
        var brands = Regex.Matches(line, "\"([a-z0-9]{4})\"").Select(m => m.Groups[1].Value);

        Assert.Equal(MediaFormat.HeifBrands, brands);
        Assert.Contains("upload.heic", compose, StringComparison.Ordinal);
    }
}
