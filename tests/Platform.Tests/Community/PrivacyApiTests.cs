using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Tests.Support;
using static Platform.Tests.Notes.NotesApiTests;

namespace Platform.Tests.Community;

/// <summary>Export of all a user's data and account erasure, over HTTP.</summary>
public sealed class PrivacyApiTests : IDisposable
{
    private readonly FakeOrders _orders = new();
    private readonly EmbeddedPlatform _platform;

    public PrivacyApiTests() => _platform = new EmbeddedPlatform(services: s => s.AddSingleton<IPersonalDataParticipant>(_orders));

    [Fact]
    public async Task Export_has_everything_a_user_did_and_erasure_hides_erases_and_keeps_counts_exact()
    {
        var dana = _platform.ClientFor("dana");
        var erin = _platform.ClientFor("erin");
        await dana.PutAsJsonAsync("/api/me/profile", new { displayName = "Dana", bio = "爱旅行" });
        var danaNote = await Api.CreateNoteAsync(dana, new { title = "京都", body = "红叶季" });
        var erinNote = await Api.CreateNoteAsync(erin, new { title = "大阪", body = "" });
        await dana.PutAsync($"/api/notes/{erinNote.Id}/like", null);
        await dana.PutAsync($"/api/notes/{erinNote.Id}/collect", null);
        await dana.PutAsync("/api/users/erin/follow", null);
        await erin.PutAsync("/api/users/dana/follow", null);
        await erin.PutAsync($"/api/notes/{danaNote.Id}/like", null);
        await Api.ReadAsync<CommentView>(await dana.PostAsJsonAsync($"/api/notes/{erinNote.Id}/comments", new { body = "好想去" }), HttpStatusCode.Created);
        await dana.PostAsJsonAsync($"/api/notes/{erinNote.Id}/reports", new { reason = "Other", detail = "test" });

        var export = await Api.JsonAsync(await dana.GetAsync("/api/me/export"));
        Assert.Equal("dana", export.GetProperty("userId").GetString());
        Assert.Equal("Dana", export.GetProperty("profile").GetProperty("displayName").GetString());
        Assert.Equal(danaNote.Id, export.GetProperty("notes")[0].GetProperty("id").GetString());
        Assert.Equal("好想去", export.GetProperty("comments")[0].GetProperty("body").GetString());
        Assert.Equal(erinNote.Id, export.GetProperty("likes")[0].GetProperty("noteId").GetString());
        Assert.Equal(erinNote.Id, export.GetProperty("collects")[0].GetProperty("noteId").GetString());
        Assert.Equal("erin", export.GetProperty("following")[0].GetProperty("userId").GetString());
        Assert.Equal("erin", export.GetProperty("followers")[0].GetProperty("userId").GetString());
        Assert.Equal(1, export.GetProperty("reports").GetArrayLength());
        Assert.Equal("order-1", export.GetProperty("other").GetProperty("orders")[0].GetString());

        // A token Dana holds from before the erasure (the client mints a new one per request, stamped to the second).
        var danasOldToken = _platform.TokenFor("dana");
        Assert.Equal(HttpStatusCode.NoContent, (await dana.DeleteAsync("/api/me")).StatusCode);

        await AssertProblem(await erin.GetAsync($"/api/notes/{danaNote.Id}"), HttpStatusCode.NotFound, "note.not_found");
        var erinsNote = await Api.ReadAsync<NoteResponse>(await erin.GetAsync($"/api/notes/{erinNote.Id}"));
        Assert.Equal(new NoteStats(0, 0, 0), erinsNote.Stats);
        var erinProfile = await Api.ReadAsync<ProfileView>(await erin.GetAsync("/api/users/erin"));
        Assert.Equal(new ProfileCounts(0, 0, 0, 0), erinProfile.Counts);
        var danaProfile = await Api.ReadAsync<ProfileView>(await erin.GetAsync("/api/users/dana"));
        Assert.Equal(("dana", ""), (danaProfile.DisplayName, danaProfile.Bio));
        Assert.Empty((await Api.ReadAsync<Page<CommentView>>(await erin.GetAsync($"/api/notes/{erinNote.Id}/comments"))).Items);
        Assert.Equal(["dana"], _orders.Erased);

        // The old token is refused at once.
        using var withOldToken = _platform.CreateClient();
        withOldToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", danasOldToken);
        await AssertProblem(await withOldToken.GetAsync("/api/me/export"), HttpStatusCode.Unauthorized, "auth.account_erased");

        // Erasing again (an interrupted erasure retried) is harmless.
        var privacy = _platform.Services.GetRequiredService<PrivacyService>();
        await privacy.EraseAsync(new Caller("dana", null, new HashSet<string>(), new HashSet<string>()), CancellationToken.None);
        Assert.Equal(new ProfileCounts(0, 0, 0, 0), (await Api.ReadAsync<ProfileView>(await erin.GetAsync("/api/users/erin"))).Counts);
    }

    [Fact]
    public async Task Export_and_erasure_need_a_signed_in_caller()
    {
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/me/export"), HttpStatusCode.Unauthorized, "auth.required");
        await AssertProblem(await _platform.CreateClient().DeleteAsync("/api/me"), HttpStatusCode.Unauthorized, "auth.required");
    }

    public void Dispose() => _platform.Dispose();

    /// <summary>Stands in for commerce: orders are kept, anonymised, when their buyer's account is erased.</summary>
    private sealed class FakeOrders : IPersonalDataParticipant
    {
        public List<string> Erased { get; } = [];

        public string Section => "orders";

        public Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<object?>(new[] { "order-1" });

        public Task EraseAsync(string userId, CancellationToken cancellationToken)
        {
            lock (Erased)
            {
                Erased.Add(userId);
            }

            return Task.CompletedTask;
        }
    }
}
