using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Tests.Messaging;
using Platform.Tests.Support;

namespace Platform.Tests.Community;

/// <summary>
/// Likes and collects move a note's ranking and analytics: each counter change sends <c>note.engagement_changed</c> with
/// the absolute counts, through the counter document's own outbox (written with the counts, so it cannot be lost).
/// </summary>
public sealed class EngagementEventsTests : IDisposable
{
    private readonly MessageRecorder _recorder = new();
    private readonly EmbeddedPlatformWith _platform;

    public EngagementEventsTests() =>
        _platform = new EmbeddedPlatformWith(new EmbeddedPlatform(), services =>
        {
            services.AddSingleton(_recorder);
            services.AddMessageHandler<RecordingHandler>(Destinations.Events, "engagement-events-test");
        });

    [Fact]
    public async Task Liking_collecting_and_unliking_send_the_notes_absolute_counts()
    {
        var created = await _platform.ClientFor("author").PostAsJsonAsync("/api/notes", new { title = "夏日防晒", body = "" });
        var noteId = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;
        var bob = _platform.ClientFor("bob");
        var carol = _platform.ClientFor("carol");

        (await bob.PutAsync($"/api/notes/{noteId}/like", null)).EnsureSuccessStatusCode();
        (await carol.PutAsync($"/api/notes/{noteId}/like", null)).EnsureSuccessStatusCode();
        (await carol.PutAsJsonAsync($"/api/notes/{noteId}/collect", new { })).EnsureSuccessStatusCode();
        await _recorder.WaitUntilAsync(h => Latest(h, noteId) is { Likes: 2, Collects: 1 });

        (await bob.DeleteAsync($"/api/notes/{noteId}/like")).EnsureSuccessStatusCode();
        await _recorder.WaitUntilAsync(h => Latest(h, noteId) is { Likes: 1, Collects: 1 });

        var events = _recorder.Handled.Where(h => h.Message.Type == EngagementEvents.Changed).ToList();
        Assert.All(events, e => Assert.Equal(noteId, e.Message.SessionId));
        Assert.Equal(events.Count, events.Select(e => e.Message.Id).Distinct().Count());
    }

    private static NoteEngagementChanged? Latest(IReadOnlyList<Handled> handled, string noteId) =>
        handled.Where(h => h.Message.Type == EngagementEvents.Changed)
            .Select(h => h.Message.GetBody<NoteEngagementChanged>())
            .Where(b => b.NoteId == noteId)
            .MaxBy(b => b.AsOf);

    public void Dispose() => _platform.Dispose();
}
