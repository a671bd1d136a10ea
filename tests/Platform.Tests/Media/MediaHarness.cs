using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Media;
using Platform.Core.Storage;
using Platform.Functions;
using Platform.Functions.Media;

namespace Platform.Tests.Media;

/// <summary>
/// The platform's services in embedded mode without the web host (so no dispatcher runs on its own): tests put an
/// upload in the store and call the trigger function exactly as the Functions host would.
/// </summary>
public sealed class MediaHarness : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("media-harness-");

    public MediaHarness(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Embedded",
            ["Platform:Embedded:DataPath"] = _data.FullName,
            ["Platform:Auth:Issuer"] = "platform-test",
            ["Platform:Auth:Audience"] = "platform-api",
            ["Platform:Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPlatform(configuration);
        _provider = services.BuildServiceProvider();
    }

    public IBlobStore Blobs => _provider.GetRequiredService<IBlobStore>();

    public IDocumentStore Documents => _provider.GetRequiredService<IDocumentStore>();

    public MediaService Media => _provider.GetRequiredService<MediaService>();

    public MediaProcessor Processor => _provider.GetRequiredService<MediaProcessor>();

    public static Caller User(string id) => new(id, id, new HashSet<string>(), new HashSet<string>());

    /// <summary>Asks for a slot, stores <paramref name="content"/> where the slot points, and returns the upload's blob name.</summary>
    public async Task<(string MediaId, string UploadName)> UploadAsync(string owner, byte[] content, string declaredType)
    {
        var slot = await Media.CreateUploadAsync(User(owner), new CreateUploadRequest(declaredType, Math.Max(1, content.Length)), default);
        var name = MediaProcessor.UploadName(owner, slot.MediaId);
        await Blobs.PutAsync(BlobContainers.Uploads, name, new MemoryStream(content), declaredType, default);
        return (slot.MediaId, name);
    }

    /// <summary>What the Functions host does when the blob lands: open it and call the trigger function with its name.</summary>
    public async Task TriggerAsync(string uploadName)
    {
        await using var upload = await Blobs.OpenReadAsync(BlobContainers.Uploads, uploadName, default)
            ?? throw new InvalidOperationException($"No upload {uploadName}.");
        var function = ActivatorUtilities.CreateInstance<UploadProcessingFunction>(_provider);
        await function.ProcessUpload(upload, uploadName, CancellationToken.None);
    }

    public async Task<MediaItem> UploadAndProcessAsync(string owner, byte[] content, string declaredType)
    {
        var (mediaId, uploadName) = await UploadAsync(owner, content, declaredType);
        await TriggerAsync(uploadName);
        return await ReadAsync(mediaId);
    }

    public async Task<MediaItem> ReadAsync(string mediaId) =>
        (await Documents.FindAsync<MediaItem>(Collections.Media, mediaId, mediaId, default))!.Value;

    public async Task<byte[]> ReadBlobAsync(string container, string name)
    {
        await using var stream = await Blobs.OpenReadAsync(container, name, default) ?? throw new InvalidOperationException($"No blob {container}/{name}.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async Task<List<string>> ListAsync(string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Blobs.ListAsync(container, prefix, default))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static string NewId() => Ids.New();

    public void Dispose()
    {
        _provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }
}
