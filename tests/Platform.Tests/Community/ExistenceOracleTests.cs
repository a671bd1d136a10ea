using System.Net;
using System.Text.Json;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Notes;
using Platform.Tests.Support;

namespace Platform.Tests.Community;

/// <summary>Probe: unlike/uncollect answered 200 on a private or hidden note and 404 on an unknown id, telling which exists.</summary>
public sealed class ExistenceOracleTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Unlike_and_uncollect_on_a_note_the_caller_cannot_see_answer_exactly_as_for_an_unknown_note()
    {
        var amy = _platform.ClientFor("amy");
        var bob = _platform.ClientFor("bob");
        var carol = _platform.ClientFor("carol");
        var note = await Api.CreateNoteAsync(amy, new { title = "秘密", body = "" });
        await Api.JsonAsync(await Api.PutAsync(bob, $"/api/notes/{note.Id}/like"));
        await Api.JsonAsync(await Api.PutAsync(bob, $"/api/notes/{note.Id}/collect"));
        var made = await Api.ReadAsync<NoteResponse>(await Api.PatchNoteAsync(amy, note, new { visibility = "Private" }));
        var unknown = Ids.New();

        foreach (var (client, verb) in new[] { (carol, "like"), (carol, "collect"), (bob, "like"), (bob, "collect") })
        {
            var hidden = await Api.JsonAsync(await client.DeleteAsync($"/api/notes/{note.Id}/{verb}"), HttpStatusCode.NotFound);
            var missing = await Api.JsonAsync(await client.DeleteAsync($"/api/notes/{unknown}/{verb}"), HttpStatusCode.NotFound);
            Assert.Equal(Shape(missing, unknown), Shape(hidden, note.Id));
        }

        // Bob's like and collect were still let go of: public again, the note counts neither.
        await Api.JsonAsync(await Api.PatchNoteAsync(amy, made, new { visibility = "Public" }));
        var stats = await Api.ReadAsync<LikeResult>(await bob.DeleteAsync($"/api/notes/{note.Id}/like"));
        Assert.Equal((false, 0L), (stats.Changed, stats.Likes));
        Assert.Equal(0L, (await Api.ReadAsync<CollectResult>(await bob.DeleteAsync($"/api/notes/{note.Id}/collect"))).Collects);
    }

    /// <summary>The problem with the id it names blanked out (the request's own id), and without per-request trace ids.</summary>
    private static string Shape(JsonElement problem, string id) =>
        string.Join('\n', problem.EnumerateObject().Where(p => p.Name is not ("traceId" or "instance"))
            .Select(p => $"{p.Name}={p.Value.ToString().Replace(id, "{id}", StringComparison.Ordinal)}"));

    public void Dispose() => _platform.Dispose();
}
