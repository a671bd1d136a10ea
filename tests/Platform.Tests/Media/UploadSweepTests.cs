using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Media;
using Platform.Core.Storage;

namespace Platform.Tests.Media;

/// <summary>
/// Event Grid drops a blob event after its retries, so an upload can land without its trigger ever running. The sweep
/// processes what stayed in the uploads container too long, and leaves fresh uploads to the trigger.
/// </summary>
public sealed class UploadSweepTests : IDisposable
{
    private readonly MediaHarness _harness = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_upload_whose_event_was_lost_is_processed_by_the_sweep_once_it_is_old_enough()
    {
        var (mediaId, uploadName) = await _harness.UploadAsync("mei", TestMedia.NoisePng(64, 48, seed: 7), "image/png");

        Assert.Equal(0, await Sweeper().SweepAsync(default)); // fresh: the trigger may still be on its way
        Assert.Equal(MediaStatus.Pending, (await _harness.ReadAsync(mediaId)).Status);

        _clock.Advance(new MediaOptions().UploadSweepAge + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Sweeper().SweepAsync(default));

        Assert.Equal(MediaStatus.Ready, (await _harness.ReadAsync(mediaId)).Status);
        Assert.Null(await _harness.Blobs.GetInfoAsync(BlobContainers.Uploads, uploadName, default));
        Assert.Equal(0, await Sweeper().SweepAsync(default));
    }

    [Fact]
    public async Task An_upload_nobody_asked_for_is_removed_and_does_not_stop_the_sweep()
    {
        await _harness.Blobs.PutAsync(BlobContainers.Uploads, "stranger/" + MediaHarness.NewId(), new MemoryStream([1, 2, 3]), "image/png", default);
        var (mediaId, _) = await _harness.UploadAsync("mei", TestMedia.NoisePng(32, 32, seed: 3), "image/png");
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, await Sweeper().SweepAsync(default));

        Assert.Equal(MediaStatus.Ready, (await _harness.ReadAsync(mediaId)).Status);
        Assert.Empty(await _harness.ListAsync(BlobContainers.Uploads, ""));
    }

    public void Dispose() => _harness.Dispose();

    private UploadSweeper Sweeper() =>
        new(_harness.Blobs, _harness.Processor, Options.Create(new MediaOptions()), _clock, NullLogger<UploadSweeper>.Instance);
}
