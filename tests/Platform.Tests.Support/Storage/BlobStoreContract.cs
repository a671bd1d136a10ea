using System.Net;
using System.Net.Http.Headers;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> adapter must do, including upload slots a client uses over HTTP.</summary>
public abstract class BlobStoreContract
{
    protected const string Container = "contract";

    protected abstract IBlobStore Store { get; }

    /// <summary>A client for slot URLs; relative slot URLs resolve against its base address.</summary>
    protected abstract HttpClient UploadClient { get; }

    protected static string NewName(string prefix = "") => prefix + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_blob_reads_back_with_its_bytes_and_size()
    {
        var name = NewName("a/b/");
        var bytes = RandomBytes(300_000);

        await Store.PutAsync(Container, name, new MemoryStream(bytes), "application/octet-stream", default);

        Assert.Equal(bytes, await ReadAsync(name));
        var info = await Store.GetInfoAsync(Container, name, default);
        Assert.Equal((name, 300_000L), (info!.Name, info.Length));
        Assert.True(info.LastModified > DateTimeOffset.UtcNow.AddMinutes(-10));
    }

    [Fact]
    public async Task Putting_again_replaces_the_content()
    {
        var name = NewName();
        await Store.PutAsync(Container, name, new MemoryStream([1, 2, 3]), "application/octet-stream", default);
        await Store.PutAsync(Container, name, new MemoryStream([9]), "application/octet-stream", default);

        Assert.Equal([9], await ReadAsync(name));
        Assert.Equal(1, (await Store.GetInfoAsync(Container, name, default))!.Length);
    }

    [Fact]
    public async Task A_missing_blob_is_null_not_an_error()
    {
        var name = NewName();

        Assert.Null(await Store.GetInfoAsync(Container, name, default));
        Assert.Null(await Store.OpenReadAsync(Container, name, default));
        Assert.False(await Store.DeleteAsync(Container, name, default));
    }

    [Fact]
    public async Task Delete_removes_and_says_whether_there_was_a_blob()
    {
        var name = NewName();
        await Store.PutAsync(Container, name, new MemoryStream([1]), "application/octet-stream", default);

        Assert.True(await Store.DeleteAsync(Container, name, default));
        Assert.Null(await Store.GetInfoAsync(Container, name, default));
        Assert.False(await Store.DeleteAsync(Container, name, default));
    }

    [Fact]
    public async Task Listing_by_prefix_returns_exactly_the_blobs_under_it_in_name_order()
    {
        var root = NewName() + "/";
        foreach (var name in new[] { "b.webp", "a.jpg", "sub/c.jpg" })
        {
            await Store.PutAsync(Container, root + name, new MemoryStream([1, 2]), "image/jpeg", default);
        }

        await Store.PutAsync(Container, root.TrimEnd('/') + "x/other", new MemoryStream([1]), "image/jpeg", default);

        var listed = new List<BlobInfo>();
        await foreach (var blob in Store.ListAsync(Container, root, default))
        {
            listed.Add(blob);
        }

        Assert.Equal([root + "a.jpg", root + "b.webp", root + "sub/c.jpg"], listed.Select(b => b.Name).ToList());
        Assert.All(listed, b => Assert.Equal(2, b.Length));
    }

    [Fact]
    public async Task A_read_stream_can_seek()
    {
        var name = NewName();
        var bytes = RandomBytes(10_000);
        await Store.PutAsync(Container, name, new MemoryStream(bytes), "application/octet-stream", default);

        await using var stream = (await Store.OpenReadAsync(Container, name, default))!;
        Assert.True(stream.CanSeek);
        Assert.Equal(10_000, stream.Length);
        stream.Position = 9_000;
        var tail = new byte[1_000];
        await stream.ReadExactlyAsync(tail);

        Assert.Equal(bytes[9_000..], tail);
    }

    [Fact]
    public async Task An_upload_slot_lets_a_client_put_exactly_that_blob()
    {
        var name = NewName("alice/");
        var bytes = RandomBytes(5_000);
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 5_000, DateTimeOffset.UtcNow.AddMinutes(5)), default);

        var response = await PutAsync(slot, Url(slot), bytes);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(bytes, await ReadAsync(name));
        Assert.True(slot.ExpiresAt > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task An_upload_slot_does_not_cover_another_blob()
    {
        var name = NewName("alice/");
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 100, DateTimeOffset.UtcNow.AddMinutes(5)), default);
        var sibling = new UriBuilder(Url(slot));
        sibling.Path = sibling.Path[..(sibling.Path.LastIndexOf('/') + 1)] + "someone-else";

        var response = await PutAsync(slot, sibling.Uri, [1, 2, 3]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await Store.GetInfoAsync(Container, name[..(name.LastIndexOf('/') + 1)] + "someone-else", default));
    }

    [Fact]
    public async Task An_expired_upload_slot_is_refused()
    {
        var name = NewName("alice/");
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 100, DateTimeOffset.UtcNow.AddMinutes(-1)), default);

        var response = await PutAsync(slot, Url(slot), [1, 2, 3]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await Store.GetInfoAsync(Container, name, default));
    }

    [Fact]
    public async Task An_upload_slot_cannot_read_the_blob()
    {
        var name = NewName("alice/");
        await Store.PutAsync(Container, name, new MemoryStream("secret"u8.ToArray()), "text/plain", default);
        var slot = await Store.CreateUploadSlotAsync(Container, name, new UploadSlotRequest("image/png", 100, DateTimeOffset.UtcNow.AddMinutes(5)), default);

        var response = await UploadClient.GetAsync(Url(slot));

        Assert.False(response.IsSuccessStatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    protected Uri Url(UploadSlot slot) => slot.Url.IsAbsoluteUri ? slot.Url : new Uri(UploadClient.BaseAddress!, slot.Url);

    protected async Task<HttpResponseMessage> PutAsync(UploadSlot slot, Uri url, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        foreach (var (header, value) in slot.RequiredHeaders)
        {
            if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.Add(header, value);
            }
        }

        return await UploadClient.SendAsync(request);
    }

    protected async Task<byte[]> ReadAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(Container, name, default) ?? throw new InvalidOperationException("missing " + name);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    protected static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
