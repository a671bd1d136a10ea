using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Media;

/// <summary>Limits and output sizes for uploads (product limits: shared/README.md, Product rules: Limits).</summary>
public sealed class MediaOptions
{
    public const string Section = "Platform:Media";

    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = 30L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxVideoBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Checked from the file header before any pixel is decoded, so a decompression bomb costs nothing.</summary>
    [Range(1, 1000)]
    public int MaxImageMegapixels { get; set; } = 50;

    [Range(1, 24 * 3600)]
    public int MaxVideoSeconds { get; set; } = 15 * 60;

    /// <summary>Longest edge a video may declare (in its container or its stream), checked before any frame is decoded.</summary>
    [Range(16, 16384)]
    public int MaxVideoEdge { get; set; } = 4096;

    /// <summary>The playable H.264/AAC MP4 renditions, by their shorter edge (720 is 1280x720 landscape or 720x1280 portrait),
    /// comma-separated. A video is never enlarged: a size above the original's is skipped (one at the original's size is made
    /// when every size is).</summary>
    [RegularExpression(@"^\s*\d{2,4}\s*(,\s*\d{2,4}\s*)*$")]
    public string VideoRenditionHeights { get; set; } = "720,480";

    /// <summary>x264 constant rate factor of the renditions (lower is better and bigger; 23 is x264's default).</summary>
    [Range(0, 51)]
    public int VideoCrf { get; set; } = 23;

    /// <summary>x264 preset: speed against size at the same quality.</summary>
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$")]
    public string VideoPreset { get; set; } = "veryfast";

    [Range(32, 320)]
    public int VideoAudioKbps { get; set; } = 128;

    /// <summary>Longest a video's poster and renditions may take; past it the video is rejected (media.video_too_slow)
    /// instead of being retried forever. Keep it under the host's function timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "02:00:00")]
    public TimeSpan VideoProcessingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Folder with the <c>ffmpeg</c> and <c>ffprobe</c> to run; unset: the copy published next to the app, else the
    /// npm packages pinned in <c>tools/ffmpeg</c>.</summary>
    public string? FfmpegFolder { get; set; }

    /// <summary>The rendition heights, largest first.</summary>
    public IReadOnlyList<int> RenditionHeights() =>
        VideoRenditionHeights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => int.Parse(h, System.Globalization.CultureInfo.InvariantCulture)).Distinct().OrderDescending().ToList();

    /// <summary>How long an upload slot stays usable.</summary>
    [Range(1, 24 * 60)]
    public int UploadSlotMinutes { get; set; } = 15;

    /// <summary>Longest edge of each rendition; smaller images are never enlarged.</summary>
    [Range(16, 4096)]
    public int ThumbnailEdge { get; set; } = 320;

    [Range(16, 4096)]
    public int FeedEdge { get; set; } = 720;

    [Range(16, 8192)]
    public int DetailEdge { get; set; } = 1600;

    [Range(1, 100)]
    public int JpegQuality { get; set; } = 82;

    [Range(1, 100)]
    public int WebpQuality { get; set; } = 80;

    /// <summary>Images whose perceptual hashes differ in at most this many bits count as the same picture.
    /// At most 3: the index splits the hash into four bands and relies on one band matching exactly.</summary>
    [Range(0, 3)]
    public int DuplicateMaxDistance { get; set; } = 3;

    /// <summary>Threads that decode and encode images, so at most this many are in memory at once; unset: one per core.</summary>
    [Range(1, 64)]
    public int? ImageWorkers { get; set; }

    /// <summary>How long an upload may sit in the uploads container before the sweep processes it itself: its blob event was
    /// lost (Event Grid drops an event after its retries) or its processing failed. Well under a day, when the storage
    /// lifecycle policy deletes unprocessed uploads.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan UploadSweepAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the embedded host sweeps (Azure: the <c>SweepUploads</c> timer, every 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UploadSweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Optional absolute base (a CDN) for rendition links; when unset renditions are served by
    /// <c>GET /api/media/{mediaId}/renditions/{name}</c>. Point it only at a CDN whose origin is that route: a public
    /// blob container would keep serving renditions of deleted, rejected and hidden notes.</summary>
    public Uri? RenditionBaseUrl { get; set; }

    /// <summary>
    /// How long browsers and CDNs may cache a rendition (Cache-Control max-age). Renditions keep fixed URLs but stop being
    /// served when their note is deleted, rejected or hidden, or their owner's account is erased; a short cache bounds how
    /// long a copy lingers (changing URLs would instead break every link already shared, and need signed links).
    /// </summary>
    [Range(0, 86_400)]
    public int RenditionCacheSeconds { get; set; } = 300;
}

/// <summary>Checks <see cref="MediaOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class MediaOptionsValidator : IValidateOptions<MediaOptions>;
