using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Platform.Core.Common;
using Platform.Core.Integrity;
using Platform.Core.Media;
using Platform.Core.Notes;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Media;

/// <summary>Media follows its content: renditions are served only while a note carrying them is visible; pending media is its owner's.</summary>
public sealed class MediaVisibilityTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Renditions_stop_being_served_when_their_note_is_deleted_held_or_rejected_but_not_for_their_owner()
    {
        var alice = _platform.ClientFor("alice");
        var anonymous = _platform.CreateClient();

        var loose = await UploadReadyAsync(alice, seed: 81);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(loose.Renditions[0].Url)).StatusCode); // on no note: shown as it is

        var deleted = await UploadReadyAsync(alice, seed: 82);
        var note = await Api.CreateNoteAsync(alice, new { title = "周末", body = "野餐", mediaIds = new[] { deleted.Id } });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(deleted.Renditions[0].Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/notes/{note.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(deleted.Renditions[0].Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.ClientFor("bob").GetAsync($"/api/media/{deleted.Id}")).StatusCode);
        var own = await alice.GetAsync(deleted.Renditions[0].Url);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(own.Headers.CacheControl is { Private: true, Public: false, MaxAge.TotalSeconds: 300 }, own.Headers.CacheControl?.ToString());

        // Held by the rules, then rejected by a moderator: hidden from the start.
        var rejected = await UploadReadyAsync(alice, seed: 83);
        var held = await Api.CreateNoteAsync(alice, new { title = "福利", body = "扫码领取小样", mediaIds = new[] { rejected.Id } });
        Assert.Equal(NoteStatus.Held, held.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(rejected.Renditions[0].Url)).StatusCode);
        var moderator = _platform.ClientFor("mod", ["moderator"]);
        await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/note-{held.Id}/decision", new { verdict = "Rejected", reason = "引流" }));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(rejected.Renditions[0].Url)).StatusCode);

        // On a second, visible note it is shown again (an image a moderator rejected would be held again as repeat spam).
        await Api.CreateNoteAsync(alice, new { title = "再发一次", body = "野餐篮", mediaIds = new[] { deleted.Id } });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(deleted.Renditions[0].Url)).StatusCode);
    }

    [Fact]
    public async Task Pending_media_is_private_to_its_owner()
    {
        var alice = _platform.ClientFor("alice");
        var slot = await Api.ReadAsync<UploadSlotResponse>(await alice.PostAsJsonAsync("/api/media", new { contentType = "image/jpeg", size = 1000 }), HttpStatusCode.Created);

        Assert.Equal(MediaStatus.Pending, (await Api.ReadAsync<MediaResponse>(await alice.GetAsync($"/api/media/{slot.MediaId}"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.ClientFor("bob").GetAsync($"/api/media/{slot.MediaId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.CreateClient().GetAsync($"/api/media/{slot.MediaId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.CreateClient().GetAsync($"/api/media/{slot.MediaId}/renditions/thumb")).StatusCode);
    }

    private async Task<MediaResponse> UploadReadyAsync(HttpClient owner, int seed)
    {
        var jpeg = TestMedia.Jpeg(320, 240, seed);
        var slot = await Api.ReadAsync<UploadSlotResponse>(await owner.PostAsJsonAsync("/api/media", new { contentType = "image/jpeg", size = jpeg.Length }), HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Put, slot.UploadUrl) { Content = new ByteArrayContent(jpeg) };
        foreach (var (header, value) in slot.RequiredHeaders)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        Assert.Equal(HttpStatusCode.Created, (await _platform.CreateClient().SendAsync(request)).StatusCode);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var media = await Api.ReadAsync<MediaResponse>(await owner.GetAsync($"/api/media/{slot.MediaId}"));
            if (media.Status == MediaStatus.Ready)
            {
                return media;
            }

            Assert.True(media.Status == MediaStatus.Pending && clock.Elapsed < TimeSpan.FromSeconds(60), $"Media is {media.Status}.");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _platform.Dispose();
}
