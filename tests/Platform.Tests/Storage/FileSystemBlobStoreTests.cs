using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Storage;
using Platform.Embedded.Storage;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>The embedded file store, with its slot URLs served by the embedded host.</summary>
public sealed class EmbeddedBlobFixture : IDisposable
{
    public EmbeddedPlatform Platform { get; } = new();

    public IBlobStore Store => Platform.Services.GetRequiredService<IBlobStore>();

    public void Dispose() => Platform.Dispose();
}

[AdapterUnderTest(typeof(FileSystemBlobStore))]
public sealed class FileSystemBlobStoreTests(EmbeddedBlobFixture fixture) : BlobStoreContract, IClassFixture<EmbeddedBlobFixture>
{
    private readonly HttpClient _client = fixture.Platform.CreateClient();

    protected override IBlobStore Store => fixture.Store;

    protected override HttpClient UploadClient => _client;

    [Fact]
    public async Task A_slot_refuses_more_bytes_than_it_allows_and_keeps_nothing()
    {
        var name = NewName("alice/");
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 1_000, DateTimeOffset.UtcNow.AddMinutes(5)), default);

        var response = await PutAsync(slot, Url(slot), RandomBytes(1_001));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("upload.too_large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await Store.GetInfoAsync(Container, name, default));
    }

    [Fact]
    public async Task A_slot_refuses_another_content_type_and_a_tampered_limit()
    {
        var name = NewName("alice/");
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 10, DateTimeOffset.UtcNow.AddMinutes(5)), default);
        var wrongType = slot with { RequiredHeaders = new Dictionary<string, string> { ["Content-Type"] = "text/html" } };
        var tampered = new Uri(Url(slot).ToString().Replace("max=10", "max=99999", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PutAsync(wrongType, Url(slot), [1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(slot, tampered, RandomBytes(50))).StatusCode);
        Assert.Null(await Store.GetInfoAsync(Container, name, default));
    }

    [Fact]
    public async Task A_slot_is_used_once()
    {
        var name = NewName("alice/");
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 10, DateTimeOffset.UtcNow.AddMinutes(5)), default);

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(slot, Url(slot), [1])).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PutAsync(slot, Url(slot), [2])).StatusCode);
        Assert.Equal([1], await ReadAsync(name));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task Names_that_could_leave_the_store_are_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(Container, name, new MemoryStream([1]), "image/png", default));
    }
}
