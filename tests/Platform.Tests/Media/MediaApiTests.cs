using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Core.Common;
using Platform.Core.Media;
using Platform.Tests.Notes;
using Platform.Tests.Support;
using SkiaSharp;

namespace Platform.Tests.Media;

/// <summary>Media over HTTP against the embedded host: slot, upload, processing by the host's blob trigger, renditions, notes.</summary>
public sealed class MediaApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task An_uploaded_photo_is_processed_and_its_renditions_are_served_without_metadata()
    {
        var alice = _platform.ClientFor("alice");
        var photo = TestMedia.WithExif(TestMedia.Jpeg(1200, 800, seed: 21), orientation: 8);

        var slot = await CreateSlotAsync(alice, "image/jpeg", photo.Length);
        Assert.Equal(MediaStatus.Pending, slot.Status);
        Assert.Equal("PUT", slot.Method);
        Assert.True(slot.UploadUrl.IsAbsoluteUri);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(slot, photo)).StatusCode);

        var media = await WaitUntilProcessedAsync(alice, slot.MediaId);

        Assert.Equal(MediaStatus.Ready, media.Status);
        Assert.Equal((800, 1200), (media.Width, media.Height)); // orientation 8 turns it upright
        Assert.Equal(6, media.Renditions.Count);
        foreach (var rendition in media.Renditions)
        {
            var served = await _platform.CreateClient().GetAsync(rendition.Url); // anyone may fetch a ready rendition
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(rendition.ContentType, served.Content.Headers.ContentType?.MediaType);
            // Briefly, never immutable: a rendition stops being served when its note is hidden (MediaVisibilityTests).
            Assert.True(served.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 300 }, served.Headers.CacheControl?.ToString());
            Assert.DoesNotContain("immutable", served.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            var bytes = await served.Content.ReadAsByteArrayAsync();
            Assert.Equal(rendition.Bytes, bytes.Length);
            Assert.False(TestMedia.Contains(bytes, TestMedia.GpsMarker));
            using var codec = SKCodec.Create(new MemoryStream(bytes));
            Assert.Equal((rendition.Width, rendition.Height), (codec.Info.Width, codec.Info.Height));
        }
    }

    [Fact]
    public async Task A_video_is_served_with_its_poster_and_playable_renditions_with_range_requests()
    {
        var alice = _platform.ClientFor("alice");
        var video = VideoClips.Silent;
        var slot = await CreateSlotAsync(alice, "video/mp4", video.Length);
        await UploadAsync(slot, video);

        var media = await WaitUntilProcessedAsync(alice, slot.MediaId);
        var playable = Assert.Single(media.Videos!);
        var whole = await _platform.CreateClient().GetByteArrayAsync(playable.Url);
        var request = new HttpRequestMessage(HttpMethod.Get, playable.Url);
        request.Headers.Range = new RangeHeaderValue(0, 15);
        var partial = await _platform.CreateClient().SendAsync(request);

        Assert.Equal(MediaStatus.Ready, media.Status);
        Assert.Equal("240p.mp4", playable.Name);
        Assert.Equal(media.Renditions.Single(r => r.Name == "detail.webp").Url, media.Poster);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("video/mp4", partial.Content.Headers.ContentType?.MediaType);
        Assert.Equal(whole[..16], await partial.Content.ReadAsByteArrayAsync());

        // The note read brings the same media: a reader's page needs no request per media item.
        var note = await (await PostNoteAsync(alice, slot.MediaId)).Content.ReadFromJsonAsync<Platform.Core.Notes.NoteResponse>(PlatformJson.Options);
        var read = await _platform.CreateClient().GetFromJsonAsync<Platform.Core.Notes.NoteResponse>($"/api/notes/{note!.Id}", PlatformJson.Options);
        var listed = Assert.Single(read!.Media!);
        Assert.Equal((MediaKind.Video, media.Poster), (listed.Kind!.Value, listed.Poster));
        Assert.Equal(playable.Url, Assert.Single(listed.Videos!).Url);
    }

    [Theory]
    [InlineData("image/heic")]
    [InlineData("image/heif")]
    public async Task A_heic_photo_is_refused_before_upload_with_advice(string contentType)
    {
        var alice = _platform.ClientFor("alice");

        await AssertProblem(await alice.PostAsJsonAsync("/api/media", new { contentType, size = 1000 }),
            HttpStatusCode.UnsupportedMediaType, MediaRejections.HeicUnsupported);
    }

    [Fact]
    public async Task A_rejected_upload_says_why()
    {
        var alice = _platform.ClientFor("alice");
        var bomb = TestMedia.PngDeclaring(30_000, 30_000);
        var slot = await CreateSlotAsync(alice, "image/png", bomb.Length);
        await UploadAsync(slot, bomb);

        var media = await WaitUntilProcessedAsync(alice, slot.MediaId);

        Assert.Equal(MediaStatus.Rejected, media.Status);
        Assert.Equal(MediaRejections.TooManyPixels, media.Rejection?.Code);
        Assert.Empty(media.Renditions);
    }

    [Fact]
    public async Task Slot_requests_are_checked_before_anything_is_stored()
    {
        var alice = _platform.ClientFor("alice");

        await AssertProblem(await alice.PostAsJsonAsync("/api/media", new { contentType = "image/avif", size = 10 }),
            HttpStatusCode.UnsupportedMediaType, "media.unsupported_type");
        await AssertProblem(await alice.PostAsJsonAsync("/api/media", new { contentType = "image/jpeg", size = 31L * 1024 * 1024 }),
            HttpStatusCode.RequestEntityTooLarge, "media.too_large");
        await AssertProblem(await alice.PostAsJsonAsync("/api/media", new { contentType = "video/mp4", size = (1L << 30) + 1 }),
            HttpStatusCode.RequestEntityTooLarge, "media.too_large");
        await AssertProblem(await alice.PostAsJsonAsync("/api/media", new { contentType = "image/jpeg" }),
            HttpStatusCode.BadRequest, "media.size_required");
        await AssertProblem(await _platform.CreateClient().PostAsJsonAsync("/api/media", new { contentType = "image/jpeg", size = 10 }),
            HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task Others_cannot_see_media_until_it_is_ready()
    {
        var alice = _platform.ClientFor("alice");
        var slot = await CreateSlotAsync(alice, "image/gif", TestMedia.Gif1x1.Length);

        await AssertProblem(await _platform.ClientFor("bob").GetAsync($"/api/media/{slot.MediaId}"), HttpStatusCode.NotFound, "media.not_found");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/media/{slot.MediaId}")).StatusCode);

        await UploadAsync(slot, TestMedia.Gif1x1);
        await WaitUntilProcessedAsync(alice, slot.MediaId);
        Assert.Equal(HttpStatusCode.OK, (await _platform.ClientFor("bob").GetAsync($"/api/media/{slot.MediaId}")).StatusCode);
        await AssertProblem(await alice.GetAsync($"/api/media/{slot.MediaId}/renditions/secret.txt"), HttpStatusCode.NotFound, "media.rendition_not_found");
    }

    [Fact]
    public async Task A_note_may_carry_only_its_authors_ready_media()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var ready = await UploadReadyAsync(alice, TestMedia.Jpeg(400, 300, seed: 22));
        var bobs = await UploadReadyAsync(bob, TestMedia.Jpeg(400, 300, seed: 23));
        var pending = await CreateSlotAsync(alice, "image/jpeg", 1000);
        var rejectedSlot = await CreateSlotAsync(alice, "image/jpeg", 10);
        await UploadAsync(rejectedSlot, "not an image"u8.ToArray()[..10]);
        await WaitUntilProcessedAsync(alice, rejectedSlot.MediaId);

        Assert.Equal(HttpStatusCode.Created, (await PostNoteAsync(alice, ready)).StatusCode);
        await AssertProblem(await PostNoteAsync(alice, ready, bobs), HttpStatusCode.Forbidden, "media.not_owner");
        await AssertProblem(await PostNoteAsync(alice, pending.MediaId), HttpStatusCode.Conflict, "media.not_ready");
        await AssertProblem(await PostNoteAsync(alice, rejectedSlot.MediaId), HttpStatusCode.BadRequest, "media.rejected");
        await AssertProblem(await PostNoteAsync(alice, Ids.New()), HttpStatusCode.BadRequest, "media.not_found");
    }

    [Fact]
    public async Task A_product_may_carry_only_its_creators_ready_media_like_a_note()
    {
        // Probe: products took anyone's media ids (other users', pending, a deleted user's) while notes refused them.
        var brandy = _platform.ClientFor("brandy", ["brand"], ["acme"]);
        Assert.Equal(HttpStatusCode.OK, (await brandy.PutAsJsonAsync("/api/brands/acme", new { name = "ACME" })).StatusCode);
        var shop = await brandy.PostAsJsonAsync("/api/brands/acme/shops", new { name = "ACME 店", currency = "CNY" });
        var shopId = (await shop.Content.ReadFromJsonAsync<Platform.Core.Commerce.ShopResponse>(PlatformJson.Options))!.Id;
        var own = await UploadReadyAsync(brandy, TestMedia.Jpeg(400, 300, seed: 25));
        var alices = await UploadReadyAsync(_platform.ClientFor("alice"), TestMedia.Jpeg(400, 300, seed: 26));
        var pending = await CreateSlotAsync(brandy, "image/jpeg", 1000);
        Task<HttpResponseMessage> PostProduct(params string[] mediaIds) => brandy.PostAsJsonAsync($"/api/shops/{shopId}/products",
            new { title = "防晒霜", mediaIds, skus = new[] { new { priceMinor = 100, stock = 1 } } });

        await AssertProblem(await PostProduct(own, alices), HttpStatusCode.Forbidden, "media.not_owner");
        await AssertProblem(await PostProduct(pending.MediaId), HttpStatusCode.Conflict, "media.not_ready");
        await AssertProblem(await PostProduct(Ids.New()), HttpStatusCode.BadRequest, "media.not_found");
        await AssertProblem(await PostProduct([.. Enumerable.Repeat(own, 19)]), HttpStatusCode.BadRequest, "product.too_many_media");
        Assert.Equal(HttpStatusCode.Created, (await PostProduct(own)).StatusCode);
    }

    [Fact]
    public async Task Adding_someone_elses_media_to_an_existing_note_is_forbidden()
    {
        var alice = _platform.ClientFor("alice");
        var bobs = await UploadReadyAsync(_platform.ClientFor("bob"), TestMedia.Jpeg(300, 300, seed: 24));
        var created = await PostNoteAsync(alice);
        var id = (await created.Content.ReadFromJsonAsync<Platform.Core.Notes.NoteResponse>(PlatformJson.Options))!.Id;

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/notes/{id}") { Content = JsonContent.Create(new { mediaIds = new[] { bobs } }) };
        patch.Headers.IfMatch.Add(created.Headers.ETag!);

        await AssertProblem(await alice.SendAsync(patch), HttpStatusCode.Forbidden, "media.not_owner");
    }

    [Fact]
    public async Task An_upload_that_landed_before_a_restart_is_processed_when_the_host_starts()
    {
        var dataPath = Directory.CreateTempSubdirectory("media-restart-").FullName;
        string mediaId;
        using (var first = new EmbeddedPlatform(dataPath: dataPath))
        {
            var slot = await CreateSlotAsync(first.ClientFor("alice"), "image/png", 10_000);
            mediaId = slot.MediaId;
        }

        // The host is down when the bytes arrive (as after a crash between upload and processing).
        var upload = Path.Combine(dataPath, "blobs", "uploads", "alice", mediaId);
        Directory.CreateDirectory(Path.GetDirectoryName(upload)!);
        await File.WriteAllBytesAsync(upload, TestMedia.Png(64, 48, seed: 25));

        using var second = new EmbeddedPlatform(dataPath: dataPath);
        var media = await WaitUntilProcessedAsync(second.ClientFor("alice"), mediaId);

        Assert.Equal(MediaStatus.Ready, media.Status);
        Assert.False(File.Exists(upload));
    }

    private static async Task<UploadSlotResponse> CreateSlotAsync(HttpClient client, string contentType, long size)
    {
        var response = await client.PostAsJsonAsync("/api/media", new { contentType, size });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var slot = (await response.Content.ReadFromJsonAsync<UploadSlotResponse>(PlatformJson.Options))!;
        Assert.Equal($"/api/media/{slot.MediaId}", response.Headers.Location?.ToString());
        return slot;
    }

    private async Task<HttpResponseMessage> UploadAsync(UploadSlotResponse slot, byte[] bytes)
    {
        // A client without a token: the slot URL itself is the permission.
        using var request = new HttpRequestMessage(HttpMethod.Put, slot.UploadUrl) { Content = new ByteArrayContent(bytes) };
        foreach (var (header, value) in slot.RequiredHeaders)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        return await _platform.CreateClient().SendAsync(request);
    }

    private async Task<string> UploadReadyAsync(HttpClient client, byte[] jpeg)
    {
        var slot = await CreateSlotAsync(client, "image/jpeg", jpeg.Length);
        await UploadAsync(slot, jpeg);
        Assert.Equal(MediaStatus.Ready, (await WaitUntilProcessedAsync(client, slot.MediaId)).Status);
        return slot.MediaId;
    }

    private static Task<HttpResponseMessage> PostNoteAsync(HttpClient client, params string[] mediaIds) =>
        client.PostAsJsonAsync("/api/notes", new { title = "今日穿搭", body = "#OOTD", mediaIds });

    /// <summary>Polls until the host's blob trigger has run; the deadline only bounds a broken run, it measures nothing.</summary>
    private static async Task<MediaResponse> WaitUntilProcessedAsync(HttpClient owner, string mediaId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var media = (await owner.GetFromJsonAsync<MediaResponse>($"/api/media/{mediaId}", PlatformJson.Options))!;
            if (media.Status != MediaStatus.Pending || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                return media;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => _platform.Dispose();
}
