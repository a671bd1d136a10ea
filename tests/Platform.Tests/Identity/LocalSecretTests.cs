using Platform.Embedded;

namespace Platform.Tests.Identity;

/// <summary>
/// The embedded host's secrets (here its signing key) on a first start, when settings are resolved on several threads at once (the start-up
/// warm-up beside the main thread): every caller gets the one key that ends up on disk, never an empty or a second one.
/// </summary>
public sealed class LocalSecretTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("signing-key-");

    [Fact]
    public async Task Callers_racing_on_a_first_start_all_get_the_key_on_disk()
    {
        for (var round = 0; round < 20; round++)
        {
            var folder = Path.Combine(_data.FullName, $"round-{round}");
            using var start = new Barrier(8);
            var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return LocalSecret.LoadOrCreate(folder, "signing-key");
                },
                TaskCreationOptions.LongRunning)));

            var onDisk = File.ReadAllText(Path.Combine(folder, "signing-key")).Trim();
            Assert.Equal(32, Convert.FromBase64String(onDisk).Length);
            Assert.All(keys, key => Assert.Equal(onDisk, key));
            Assert.Equal(["signing-key"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
    }

    [Fact]
    public void A_restart_reads_the_key_it_made()
    {
        var first = LocalSecret.LoadOrCreate(_data.FullName, "upload-signing-key");

        Assert.Equal(first, LocalSecret.LoadOrCreate(_data.FullName, "upload-signing-key"));
    }

    public void Dispose() => _data.Delete(recursive: true);
}
