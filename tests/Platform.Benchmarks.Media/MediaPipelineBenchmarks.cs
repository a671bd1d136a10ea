using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Identity;
using Platform.Core.Media;
using Platform.Core.Storage;
using SkiaSharp;

namespace Platform.Benchmarks.Media;

/// <summary>
/// The media pipeline per 24-megapixel photo (sniff, header check, decode, orientation, three sizes in WebP and JPEG,
/// colour, placeholder, hash, duplicate index, blob writes, record update) against bare SkiaSharp producing the same six
/// renditions from the same bytes: once decoding at full size (the obvious code) and once at the reduced scale the
/// pipeline picks (the same pixel work, so the difference is the pipeline's own overhead).
/// </summary>
[MemoryDiagnoser]
public class MediaPipelineBenchmarks
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);
    private readonly MediaOptions _options = new();
    private byte[] _photo = [];
    private ServiceProvider? _services;
    private DirectoryInfo? _data;
    private string _uploadName = "";
    private int _iterations;

    [GlobalSetup]
    public void Setup()
    {
        _photo = MakePhoto(6000, 4000);
        Console.WriteLine($"// Photo: 6000x4000 JPEG, {_photo.Length / 1024} KiB");
        _data = Directory.CreateTempSubdirectory("media-bench-");
        _services = EmbeddedServices.Create(_data.FullName);
        _iterations = 0;
        PeakMemory.Reset();
    }

    [IterationSetup(Targets = [nameof(ImageWorkOnly), nameof(BareFullDecode), nameof(BareScaledDecode)])]
    public void NextIteration() => ResetPeakAfterWarmup();

    [IterationSetup(Target = nameof(Pipeline))]
    public void NewUpload()
    {
        ResetPeakAfterWarmup();
        var media = _services!.GetRequiredService<MediaService>();
        var caller = new Caller("bench", null, new HashSet<string>(), new HashSet<string>());
        var slot = media.CreateUploadAsync(caller, new CreateUploadRequest("image/jpeg", _photo.Length), default).GetAwaiter().GetResult();
        _uploadName = MediaProcessor.UploadName("bench", slot.MediaId);
        _services!.GetRequiredService<IBlobStore>().PutAsync(BlobContainers.Uploads, _uploadName, new MemoryStream(_photo), "image/jpeg", default)
            .GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Pipeline (MediaProcessor, embedded stores)")]
    public async Task<MediaItem?> Pipeline()
    {
        var blobs = _services!.GetRequiredService<IBlobStore>();
        await using var upload = await blobs.OpenReadAsync(BlobContainers.Uploads, _uploadName, default);
        var item = await _services!.GetRequiredService<MediaProcessor>().ProcessAsync(_uploadName, upload!, default);
        return item?.Status == MediaStatus.Ready ? item : throw new InvalidOperationException($"Not processed: {item?.Rejection?.Message}");
    }

    [Benchmark(Description = "Pipeline image work only (ImagePipeline.Process)")]
    public ProcessedImage ImageWorkOnly() => ImagePipeline.Process(_photo, MediaFormat.Jpeg, _options);

    [Benchmark(Description = "Bare SkiaSharp, full-size decode")]
    public long BareFullDecode()
    {
        using var decoded = SKBitmap.Decode(_photo);
        return ResizeAndEncode(decoded);
    }

    [Benchmark(Baseline = true, Description = "Bare SkiaSharp, scaled decode")]
    public long BareScaledDecode()
    {
        using var codec = SKCodec.Create(new SKMemoryStream(_photo));
        var size = ImagePipeline.DecodeSize(codec, _options.DetailEdge); // 2250x1500: 3/8, the smallest JPEG scale above 1600
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var decoded = new SKBitmap(info);
        codec.GetPixels(info, decoded.GetPixels());
        return ResizeAndEncode(decoded);
    }

    [GlobalCleanup(Target = nameof(Pipeline))]
    public void CleanupPipeline() => Cleanup(nameof(Pipeline));

    [GlobalCleanup(Target = nameof(ImageWorkOnly))]
    public void CleanupImageWorkOnly() => Cleanup(nameof(ImageWorkOnly));

    [GlobalCleanup(Target = nameof(BareFullDecode))]
    public void CleanupBareFullDecode() => Cleanup(nameof(BareFullDecode));

    [GlobalCleanup(Target = nameof(BareScaledDecode))]
    public void CleanupBareScaledDecode() => Cleanup(nameof(BareScaledDecode));

    private void Cleanup(string benchmark)
    {
        PeakMemory.Record(benchmark);
        _services?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data?.Delete(recursive: true);
    }

    // The first run of each case loads and compiles code (SQLite, JSON, the codecs); measure memory per image after it.
    private void ResetPeakAfterWarmup()
    {
        if (++_iterations == 2)
        {
            PeakMemory.Reset();
        }
    }

    private long ResizeAndEncode(SKBitmap decoded)
    {
        long total = 0;
        var source = decoded;
        var owned = new List<SKBitmap>();
        foreach (var edge in new[] { _options.DetailEdge, _options.FeedEdge, _options.ThumbnailEdge })
        {
            var (w, h) = ImagePipeline.Fit(source.Width, source.Height, edge);
            var resized = source.Resize(new SKSizeI(w, h), Sampling);
            owned.Add(resized);
            using var pixmap = resized.PeekPixels();
            using var webp = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, _options.WebpQuality));
            using var jpeg = pixmap.Encode(new SKJpegEncoderOptions(_options.JpegQuality));
            total += webp!.Size + jpeg!.Size;
            source = resized;
        }

        owned.ForEach(b => b.Dispose());
        return total;
    }

    /// <summary>A photo-like 24 MP JPEG: gradients, shapes and fine grain, so the decoder has real entropy to chew on.</summary>
    private static byte[] MakePhoto(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(bitmap))
        {
            var random = new Random(42);
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                    [new SKColor(250, 180, 160), new SKColor(40, 90, 160)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, sky);
            for (var i = 0; i < 400; i++)
            {
                using var paint = new SKPaint { Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 160), IsAntialias = true };
                canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(10, 400), paint);
            }

            using var grain = new SKBitmap(256, 256, SKColorType.Rgba8888, SKAlphaType.Premul);
            var noise = new byte[256 * 256 * 4];
            random.NextBytes(noise);
            for (var i = 3; i < noise.Length; i += 4)
            {
                noise[i] = 40;
                noise[i - 1] = (byte)(noise[i - 1] * 40 / 255);
                noise[i - 2] = (byte)(noise[i - 2] * 40 / 255);
                noise[i - 3] = (byte)(noise[i - 3] * 40 / 255);
            }

            System.Runtime.InteropServices.Marshal.Copy(noise, 0, grain.GetPixels(), noise.Length);
            using var grainPaint = new SKPaint { Shader = grain.ToShader(SKShaderTileMode.Repeat, SKShaderTileMode.Repeat) };
            canvas.DrawRect(0, 0, width, height, grainPaint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
