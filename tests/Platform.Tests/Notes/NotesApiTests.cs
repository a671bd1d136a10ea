using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Embedded.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Notes;

/// <summary>The notes slice over HTTP against the embedded host, as a client would use it.</summary>
public sealed class NotesApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task A_note_is_created_read_updated_with_its_etag_listed_and_deleted()
    {
        var alice = _platform.ClientFor("alice");

        var created = await alice.PostAsJsonAsync("/api/notes", new { title = "夏天防晒霜推荐", body = "清爽不油腻 #防晒 #夏日护肤", topics = new[] { "好物分享" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var note = (await created.Content.ReadFromJsonAsync<NoteResponse>())!;
        Assert.Equal(["好物分享", "防晒", "夏日护肤"], note.Topics);
        Assert.Equal($"/api/notes/{note.Id}", created.Headers.Location?.ToString());
        Assert.Equal($"\"{note.ETag}\"", created.Headers.ETag?.Tag);

        var read = await _platform.CreateClient().GetAsync($"/api/notes/{note.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("夏天防晒霜推荐", (await read.Content.ReadFromJsonAsync<NoteResponse>())!.Title);

        var update = new HttpRequestMessage(HttpMethod.Patch, $"/api/notes/{note.Id}") { Content = JsonContent.Create(new { title = "防晒霜推荐（更新）" }) };
        update.Headers.IfMatch.Add(created.Headers.ETag!);
        var updated = await alice.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(created.Headers.ETag, updated.Headers.ETag);

        var list = await _platform.CreateClient().GetFromJsonAsync<NotePage>("/api/users/alice/notes");
        Assert.Equal("防晒霜推荐（更新）", Assert.Single(list!.Items).Title);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/notes/{note.Id}")).StatusCode);
        await AssertProblem(await _platform.CreateClient().GetAsync($"/api/notes/{note.Id}"), HttpStatusCode.NotFound, "note.not_found");
        Assert.Empty((await _platform.CreateClient().GetFromJsonAsync<NotePage>("/api/users/alice/notes"))!.Items);
    }

    [Fact]
    public async Task A_stale_etag_is_412_and_a_missing_one_is_428()
    {
        var alice = _platform.ClientFor("alice");
        var created = await alice.PostAsJsonAsync("/api/notes", new { title = "v1", body = "" });
        var id = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;
        await Patch(alice, id, created.Headers.ETag, new { title = "v2" });

        await AssertProblem(await Patch(alice, id, created.Headers.ETag, new { title = "lost update" }), HttpStatusCode.PreconditionFailed, "note.etag_mismatch");
        await AssertProblem(await Patch(alice, id, null, new { title = "blind write" }), (HttpStatusCode)428, "note.if_match_required");
        Assert.Equal("v2", (await _platform.CreateClient().GetFromJsonAsync<NoteResponse>($"/api/notes/{id}"))!.Title);
    }

    [Fact]
    public async Task Someone_else_cannot_edit_or_delete_a_note()
    {
        var created = await _platform.ClientFor("alice").PostAsJsonAsync("/api/notes", new { title = "mine", body = "" });
        var id = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;
        var mallory = _platform.ClientFor("mallory");

        await AssertProblem(await Patch(mallory, id, created.Headers.ETag, new { title = "defaced" }), HttpStatusCode.Forbidden, "note.not_author");
        await AssertProblem(await mallory.DeleteAsync($"/api/notes/{id}"), HttpStatusCode.Forbidden, "note.not_author");
        Assert.Equal("mine", (await _platform.CreateClient().GetFromJsonAsync<NoteResponse>($"/api/notes/{id}"))!.Title);
    }

    [Fact]
    public async Task Writes_need_a_valid_token()
    {
        var anonymous = _platform.CreateClient();
        var noToken = await anonymous.PostAsJsonAsync("/api/notes", new { title = "x" });
        await AssertProblem(noToken, HttpStatusCode.Unauthorized, "auth.required");
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);

        var token = _platform.TokenFor("alice");
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);
        await AssertProblem(await anonymous.PostAsJsonAsync("/api/notes", new { title = "x" }), HttpStatusCode.Unauthorized, "auth.invalid_token");

        var issuedTwoHoursAgo = new DevTokenIssuer(
            _platform.Services.GetRequiredService<IOptions<AuthOptions>>(), new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuedTwoHoursAgo.Issue(new DevTokenRequest("alice")).AccessToken);
        await AssertProblem(await anonymous.PostAsJsonAsync("/api/notes", new { title = "x" }), HttpStatusCode.Unauthorized, "auth.token_expired");

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWxpY2U6cGFzcw==");
        await AssertProblem(await anonymous.PostAsJsonAsync("/api/notes", new { title = "x" }), HttpStatusCode.Unauthorized, "auth.invalid_scheme");
    }

    [Fact]
    public async Task Bad_input_is_answered_with_problem_details_never_a_500()
    {
        var alice = _platform.ClientFor("alice");

        await AssertProblem(await Post(alice, "{not json"), HttpStatusCode.BadRequest, "request.invalid_json");
        await AssertProblem(await Post(alice, """{"title": 42}"""), HttpStatusCode.BadRequest, "request.invalid_json");
        await AssertProblem(await Post(alice, "null"), HttpStatusCode.BadRequest, "request.body_required");
        await AssertProblem(await Post(alice, """{"title":"x"}""", "text/plain"), HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
        await AssertProblem(await Post(alice, JsonSerializer.Serialize(new { title = "x", body = new string('长', 70_000) })),
            HttpStatusCode.RequestEntityTooLarge, "request.too_large");

        var invalid = await Post(alice, JsonSerializer.Serialize(new { title = new string('标', 101), body = new string('文', 1001), mediaIds = Enumerable.Range(0, 19).Select(i => $"m{i}") }));
        var problem = await AssertProblem(invalid, HttpStatusCode.BadRequest, "note.title_too_long");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "title", "body", "mediaIds" }, fields);

        await AssertProblem(await Post(alice, """{"title":"广告","sponsored":true}"""), HttpStatusCode.BadRequest, "note.partner_brand_required");
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/notes/does-not-exist"), HttpStatusCode.NotFound, "note.not_found");
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/users/alice/notes?pageSize=abc"), HttpStatusCode.BadRequest, "request.invalid_query");
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/users/alice/notes?continuation=forged"), HttpStatusCode.BadRequest, "request.invalid_continuation");
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/no-such-route"), HttpStatusCode.NotFound, "route.not_found");
    }

    [Fact]
    public async Task Listing_pages_newest_first_and_hides_private_notes_from_others()
    {
        var bob = _platform.ClientFor("bob");
        for (var i = 1; i <= 5; i++)
        {
            await bob.PostAsJsonAsync("/api/notes", new { title = $"note {i}", body = "" });
        }

        await bob.PostAsJsonAsync("/api/notes", new { title = "diary", body = "", visibility = "Private" });

        var titles = new List<string>();
        string? continuation = null;
        do
        {
            var page = (await _platform.CreateClient().GetFromJsonAsync<NotePage>(
                $"/api/users/bob/notes?pageSize=2{(continuation is null ? "" : "&continuation=" + continuation)}"))!;
            Assert.True(page.Items.Count <= 2);
            titles.AddRange(page.Items.Select(n => n.Title));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(["note 5", "note 4", "note 3", "note 2", "note 1"], titles);
        var own = (await bob.GetFromJsonAsync<NotePage>("/api/users/bob/notes?pageSize=50"))!;
        Assert.Equal("diary", own.Items[0].Title);
    }

    [Fact]
    public async Task Notes_survive_a_restart_of_the_embedded_host()
    {
        string id;
        using (var first = new EmbeddedPlatform(dataPath: _platform.DataPath))
        {
            var created = await first.ClientFor("carol").PostAsJsonAsync("/api/notes", new { title = "persisted", body = "" });
            id = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;
        }

        using var second = new EmbeddedPlatform(dataPath: _platform.DataPath);
        Assert.Equal("persisted", (await second.CreateClient().GetFromJsonAsync<NoteResponse>($"/api/notes/{id}"))!.Title);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string json, string contentType = "application/json") =>
        client.PostAsync("/api/notes", new StringContent(json, Encoding.UTF8, contentType));

    private static Task<HttpResponseMessage> Patch(HttpClient client, string id, EntityTagHeaderValue? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/notes/{id}") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(etag);
        }

        return client.SendAsync(request);
    }

    public void Dispose() => _platform.Dispose();
}
