using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Platform.Core.Common;
using Platform.Core.Integrity;
using Platform.Core.Media;
using Platform.Core.Notes;
using Platform.Tests.Media;
using Platform.Tests.Support;
using SkiaSharp;

namespace Platform.Tests.Community;

/// <summary>Images in notes, end to end in the embedded host: QR codes hold a note, and so does a picture a moderator rejected.</summary>
public sealed class ImageIntegrityApiTests : IDisposable
{
    private static readonly string[] Moderator = ["moderator"];
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task A_note_with_a_qr_code_in_a_picture_is_held_and_the_finding_names_the_image_and_the_region()
    {
        var alice = _platform.ClientFor("alice");
        var clean = await UploadReadyAsync(alice, TestMedia.Jpeg(900, 700, seed: 40));
        var withCode = await UploadReadyAsync(alice, TestCodes.PhotoWithQrCode("https://u.wechat.com/spam", seed: 41));

        var note = await Api.CreateNoteAsync(alice, new { title = "今日穿搭", body = "周末的搭配", mediaIds = new[] { clean, withCode } });

        Assert.Equal(NoteStatus.Held, note.Status);
        Assert.Equal(HoldReason.Rules, note.Moderation!.HeldFor);
        var finding = Assert.Single(note.Moderation.Findings);
        Assert.Equal((IntegrityRules.ImageCode, IntegrityOutcome.Hold, "media", withCode), (finding.RuleId, finding.Outcome, finding.Field, finding.MediaId));
        Assert.Equal("https://u.wechat.com/spam", finding.Matched);
        Assert.NotNull(finding.Region);
        Assert.InRange(finding.Region.X, 460, 540);
        Assert.InRange(finding.Region.Y, 260, 340);
        Assert.Contains(withCode, finding.Explanation, StringComparison.Ordinal);

        var queued = Assert.Single((await Api.ReadAsync<QueuePage>(await _platform.ClientFor("mod", Moderator).GetAsync("/api/moderation/cases"))).Items);
        Assert.Equal(withCode, Assert.Single(queued.Case.Findings).MediaId);

        // The same picture without the code passes.
        Assert.Equal(NoteStatus.Published, (await Api.CreateNoteAsync(alice, new { title = "今日穿搭", body = "周末的搭配", mediaIds = new[] { clean } })).Status);
    }

    [Fact]
    public async Task A_picture_like_one_a_moderator_rejected_is_held_with_a_finding_pointing_at_that_decision()
    {
        var spammer = _platform.ClientFor("spammer");
        var moderator = _platform.ClientFor("mod", Moderator);
        using var picture = TestMedia.Picture(1000, 750, seed: 42);
        var first = await UploadReadyAsync(spammer, TestMedia.Encode(picture, SKEncodedImageFormat.Jpeg, quality: 90));
        var rejected = await Api.CreateNoteAsync(spammer, new { title = "福利", body = "想要的私聊我", mediaIds = new[] { first } });
        await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/note-{rejected.Id}/decision",
            new { verdict = "Approved" }));

        // Approved: the picture is fine, and posting it again is too.
        var again = await UploadReadyAsync(spammer, TestMedia.Encode(picture, SKEncodedImageFormat.Jpeg, quality: 90));
        var fine = await Api.CreateNoteAsync(spammer, new { title = "分享", body = "周末拍的", mediaIds = new[] { again } });
        Assert.Equal(NoteStatus.Published, fine.Status);

        // Reported into the queue and rejected: from now on the picture is known.
        var reported = await Api.CreateNoteAsync(spammer, new { title = "福利", body = "扫码领取", mediaIds = new[] { again } });
        await Api.ReadAsync<QueueItem>(await moderator.PostAsJsonAsync($"/api/moderation/cases/note-{reported.Id}/decision",
            new { verdict = "Rejected", reason = "引流" }));

        // Another account posts it again, re-encoded smaller with another quality, under a clean text: held, pointing at the decision.
        var other = _platform.ClientFor("other");
        using var smaller = new SKBitmap(800, 600);
        picture.ScalePixels(smaller, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var copy = await UploadReadyAsync(other, TestMedia.Encode(smaller, SKEncodedImageFormat.Jpeg, quality: 70));
        var repeat = await Api.CreateNoteAsync(other, new { title = "分享", body = "周末拍的", mediaIds = new[] { copy } });

        Assert.Equal(NoteStatus.Held, repeat.Status);
        var finding = Assert.Single(repeat.Moderation!.Findings);
        Assert.Equal((IntegrityRules.RejectedImage, copy, $"note-{reported.Id}"), (finding.RuleId, finding.MediaId, finding.RelatedCaseId));
        Assert.Equal(again, finding.Matched);

        // A different picture is not held.
        var different = await UploadReadyAsync(other, TestMedia.Jpeg(1000, 750, seed: 43));
        Assert.Equal(NoteStatus.Published, (await Api.CreateNoteAsync(other, new { title = "分享", body = "周末拍的", mediaIds = new[] { different } })).Status);
    }

    private async Task<string> UploadReadyAsync(HttpClient client, byte[] jpeg)
    {
        var response = await client.PostAsJsonAsync("/api/media", new { contentType = "image/jpeg", size = jpeg.Length });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var slot = (await response.Content.ReadFromJsonAsync<UploadSlotResponse>(PlatformJson.Options))!;
        using var request = new HttpRequestMessage(HttpMethod.Put, slot.UploadUrl) { Content = new ByteArrayContent(jpeg) };
        foreach (var (header, value) in slot.RequiredHeaders)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        Assert.True((await _platform.CreateClient().SendAsync(request)).IsSuccessStatusCode);

        // Polls until the host's blob trigger has run; the deadline only bounds a broken run, it measures nothing.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var media = (await client.GetFromJsonAsync<MediaResponse>($"/api/media/{slot.MediaId}", PlatformJson.Options))!;
            if (media.Status != MediaStatus.Pending || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Equal(MediaStatus.Ready, media.Status);
                return slot.MediaId;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => _platform.Dispose();
}
