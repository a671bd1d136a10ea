using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Media;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Core.Studio;
using Platform.Tests.Commerce;
using Platform.Tests.Media;
using Platform.Tests.Support;

namespace Platform.Tests.Community;

/// <summary>
/// A user with data in every feature erases their account; then every document, blob and search entry of the embedded
/// host is read back and none may carry the user's id or anything personal they wrote.
/// </summary>
public sealed class ErasureScanTests : IDisposable
{
    private const string Zoe = "zoe7quartz";
    private const string Name = "Zoe Quartzfield";
    private const string Phone = "13987654321";
    private const string Street = "梧桐路88号甲";
    private const string NoteTitle = "Quartzfield手账";
    private const string CommentText = "Quartzfield的评论";
    private const string HandOffMessage = "Quartzfield please adapt";

    private readonly EmbeddedPlatform _platform = new(CommerceScenario.Settings());

    [Fact]
    public async Task After_erasure_no_collection_blob_or_search_entry_names_the_user_and_their_token_is_refused()
    {
        var scenario = await CommerceScenario.StartAsync(_platform);
        var zoe = _platform.ClientFor(Zoe, ["brand"], [CommerceScenario.BrandId]);
        var erin = _platform.ClientFor("erin");
        var moderator = _platform.ClientFor("mod", ["moderator"]);

        // Community: profile, a note with a photo, likes, a board, follows both ways, comments and a reply, a report.
        await CommerceScenario.Expect(await zoe.PutAsJsonAsync("/api/me/profile", new { displayName = Name, bio = "住在" + Street }), HttpStatusCode.OK);
        var mediaId = await UploadReadyAsync(zoe, TestMedia.Jpeg(320, 240, seed: 71));
        var zoeNote = await Api.CreateNoteAsync(zoe, new { title = NoteTitle, body = "今天的手账 #手账", mediaIds = new[] { mediaId } });
        var erinNote = await Api.CreateNoteAsync(erin, new { title = "大阪", body = "好吃" });
        await CommerceScenario.Expect(await zoe.PutAsync($"/api/notes/{erinNote.Id}/like", null), HttpStatusCode.OK);
        await CommerceScenario.Expect(await erin.PutAsync($"/api/notes/{zoeNote.Id}/like", null), HttpStatusCode.OK);
        await CommerceScenario.Expect(await zoe.PostAsJsonAsync("/api/me/boards", new { name = "Quartzfield收藏" }), HttpStatusCode.Created);
        await CommerceScenario.Expect(await zoe.PutAsync($"/api/notes/{erinNote.Id}/collect", null), HttpStatusCode.OK);
        await CommerceScenario.Expect(await erin.PutAsync($"/api/notes/{zoeNote.Id}/collect", null), HttpStatusCode.OK);
        await CommerceScenario.Expect(await zoe.PutAsync("/api/users/erin/follow", null), HttpStatusCode.OK);
        await CommerceScenario.Expect(await erin.PutAsync($"/api/users/{Zoe}/follow", null), HttpStatusCode.OK);
        var zoeComment = await Api.ReadAsync<CommentView>(await zoe.PostAsJsonAsync($"/api/notes/{erinNote.Id}/comments", new { body = CommentText }), HttpStatusCode.Created);
        await Api.ReadAsync<CommentView>(await erin.PostAsJsonAsync($"/api/notes/{erinNote.Id}/comments", new { body = "谢谢", parentId = zoeComment.Id }), HttpStatusCode.Created);
        await Api.ReadAsync<CommentView>(await erin.PostAsJsonAsync($"/api/notes/{zoeNote.Id}/comments", new { body = "好看" }), HttpStatusCode.Created);
        await CommerceScenario.Expect(await zoe.PostAsJsonAsync($"/api/notes/{erinNote.Id}/reports", new { reason = "Other", detail = "Quartzfield report" }), HttpStatusCode.OK);

        // Moderation: a held note a moderator rejects.
        var held = await Api.CreateNoteAsync(zoe, new { title = "Quartzfield福利", body = "扫码领取小样" });
        Assert.Equal(NoteStatus.Held, held.Status);
        var caseId = "note-" + held.Id;
        await CommerceScenario.Expect(await moderator.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { verdict = "Rejected", reason = "联系方式" }), HttpStatusCode.OK);

        // Commerce: a cart and an order with a shipping address.
        await CommerceScenario.Expect(await zoe.PutAsJsonAsync($"/api/cart/items/{scenario.SkuId}", new { quantity = 1 }), HttpStatusCode.OK);
        var order = await CommerceScenario.Read<Platform.Core.Commerce.OrderResponse>(await CommerceScenario.PostCheckoutAsync(zoe, Ids.New(), new
        {
            shippingAddress = new { recipientName = Name, phone = Phone, line1 = Street, city = "上海", region = "上海", postalCode = "200040", country = "CN" },
            items = new[] { new { skuId = scenario.SkuId, quantity = 1 } },
        }), HttpStatusCode.Created);

        // Integrity and studio: a partnership, a suggestion Zoe asked for, and a draft handed to her.
        await Collaboration.CollaborationApiTests.PartnerAsync(scenario.Brand, zoe, CommerceScenario.BrandId, Zoe);
        var accepted = await zoe.PostAsJsonAsync($"/api/brands/{CommerceScenario.BrandId}/suggestions", new { productIds = new[] { scenario.Product.Id }, goal = "launch", language = "en", variants = 2 });
        var url = (await CommerceScenario.Read<SuggestionAccepted>(accepted, HttpStatusCode.Accepted)).StatusUrl;
        var suggestion = await PollSuggestionAsync(scenario.Brand, url);
        await CommerceScenario.Expect(await scenario.Brand.PostAsJsonAsync($"{url}/drafts/{suggestion.Drafts[0].Id}/handoff", new { creatorId = Zoe, message = HandOffMessage }), HttpStatusCode.OK);

        var export = await Api.JsonAsync(await zoe.GetAsync("/api/me/export"));
        var other = export.GetProperty("other");
        Assert.Equal(order.Id, other.GetProperty("commerce").GetProperty("orders")[0].GetProperty("id").GetString());
        Assert.Equal(1, other.GetProperty("commerce").GetProperty("cart").GetProperty("lines").GetArrayLength());
        Assert.Equal(mediaId, other.GetProperty("media")[0].GetProperty("id").GetString());
        Assert.Equal(1, other.GetProperty("studio").GetProperty("requested").GetArrayLength());
        Assert.Equal(HandOffMessage, other.GetProperty("studio").GetProperty("handedToYou")[0].GetProperty("message").GetString());
        Assert.Equal(caseId, other.GetProperty("moderation").GetProperty("cases")[0].GetProperty("caseId").GetString());
        Assert.DoesNotContain("\"mod\"", export.GetRawText(), StringComparison.Ordinal);
        var media = await Api.ReadAsync<MediaResponse>(await zoe.GetAsync($"/api/media/{mediaId}"));
        var rendition = media.Renditions[0].Url.AbsolutePath;
        Assert.Equal(HttpStatusCode.OK, (await _platform.CreateClient().GetAsync(rendition)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await zoe.DeleteAsync("/api/me")).StatusCode);

        // The token stops working at once, for reads and writes.
        await AssertProblem(await zoe.GetAsync("/api/me/export"), HttpStatusCode.Unauthorized, "auth.account_erased");
        await AssertProblem(await zoe.PostAsJsonAsync("/api/notes", new { title = "still here", body = "" }), HttpStatusCode.Unauthorized, "auth.account_erased");
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.CreateClient().GetAsync(rendition)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erin.GetAsync($"/api/media/{mediaId}")).StatusCode);

        // The order stays for the shop's accounts, without the buyer.
        var kept = await scenario.GetOrderAsync(scenario.Brand, order.Id);
        Assert.Equal(order.Total, kept.Total);

        string[] needles = [Zoe, Name, Phone, Street, "Quartzfield", mediaId];
        var found = await WaitForCleanAsync(needles);
        Assert.True(found.Count == 0, "Erasure left personal data behind:\n" + string.Join("\n", found));
    }

    /// <summary>Scans until nothing is found (outboxes and the search indexer catch up asynchronously); returns what was left.</summary>
    private async Task<List<string>> WaitForCleanAsync(string[] needles)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = await ScanAsync(needles);
            if (found.Count == 0 || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<string>> ScanAsync(string[] needles)
    {
        var found = new List<string>();
        void Check(string where, string text)
        {
            foreach (var needle in needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                var at = text.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
                found.Add($"{where}: '{needle}' in …{text[Math.Max(0, at - 150)..Math.Min(text.Length, at + 150)]}…");
            }
        }

        // Every collection: the embedded store's one table, read directly so nothing is skipped.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_platform.DataPath, "documents.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT collection, pk, id, body FROM documents";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Check($"{reader.GetString(0)}/{reader.GetString(1)}/{reader.GetString(2)}", $"{reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)}");
            }
        }

        // Every blob container: names and contents.
        var blobs = _platform.Services.GetRequiredService<IBlobStore>();
        foreach (var container in BlobContainers.All)
        {
            await foreach (var blob in blobs.ListAsync(container, "", CancellationToken.None))
            {
                await using var content = await blobs.OpenReadAsync(container, blob.Name, CancellationToken.None);
                using var buffer = new MemoryStream();
                await content!.CopyToAsync(buffer);
                Check($"blob {container}/{blob.Name}", blob.Name + " " + Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }

        // The search index: every note it holds.
        var search = _platform.Services.GetRequiredService<ISearchIndex>();
        var all = await search.SearchAsync(new NoteSearchQuery { Size = 1000, IncludeHighlights = false, FacetCount = 100 }, CancellationToken.None);
        Check("search", JsonSerializer.Serialize(all, PlatformJson.Options));
        foreach (var prefix in new[] { "Quartz", "quartz" })
        {
            Check("search suggestions", JsonSerializer.Serialize(await search.SuggestAsync(prefix, 20, CancellationToken.None), PlatformJson.Options));
        }

        return found;
    }

    private async Task<string> UploadReadyAsync(HttpClient owner, byte[] jpeg)
    {
        var slot = await CommerceScenario.Read<UploadSlotResponse>(await owner.PostAsJsonAsync("/api/media", new { contentType = "image/jpeg", size = jpeg.Length }), HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Put, slot.UploadUrl) { Content = new ByteArrayContent(jpeg) };
        foreach (var (header, value) in slot.RequiredHeaders)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        await CommerceScenario.Expect(await _platform.CreateClient().SendAsync(request), HttpStatusCode.Created);
        var clock = Stopwatch.StartNew();
        while ((await Api.ReadAsync<MediaResponse>(await owner.GetAsync($"/api/media/{slot.MediaId}"))).Status == MediaStatus.Pending)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The upload was not processed.");
            await Task.Delay(50);
        }

        return slot.MediaId;
    }

    private static async Task<SuggestionResponse> PollSuggestionAsync(HttpClient client, string url)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var suggestion = await Api.ReadAsync<SuggestionResponse>(await client.GetAsync(url));
            if (suggestion.Status is SuggestionStatus.Succeeded or SuggestionStatus.Failed)
            {
                Assert.Equal(SuggestionStatus.Succeeded, suggestion.Status);
                return suggestion;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The suggestion did not finish.");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _platform.Dispose();
}
