using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Feed;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Readers;
using Platform.Core.Search;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Feed;

/// <summary>The feed over HTTP on the embedded host: notes travel through the search index into it.</summary>
public sealed class FeedApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    public void Dispose() => _platform.Dispose();

    /// <summary>Six creators, each with a 露营, a 美食 and a 穿搭 note; one private note that must never show.</summary>
    private async Task<List<NoteResponse>> SeedAsync()
    {
        var notes = new List<NoteResponse>();
        foreach (var author in new[] { "amy", "ben", "cat", "dan", "eve", "fay" })
        {
            var client = _platform.ClientFor(author);
            foreach (var topic in new[] { "露营", "美食", "穿搭" })
            {
                notes.Add(await Api.CreateNoteAsync(client, new { title = $"{author} {topic}", body = $"#{topic}" }));
            }
        }

        await Api.CreateNoteAsync(_platform.ClientFor("amy"), new { title = "amy private", body = "#露营", visibility = "Private" });
        var clock = Stopwatch.StartNew();
        while ((await _platform.CreateClient().GetFromJsonAsync<SearchNotesResponse>("/api/search/notes?q="))!.Total < notes.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "notes were not indexed");
            await Task.Delay(20);
        }

        return notes;
    }

    private static async Task<FeedPage> FeedAsync(HttpClient client, int pageSize = 20, string? continuation = null) =>
        await Api.ReadAsync<FeedPage>(await client.GetAsync($"/api/feed?pageSize={pageSize}" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation))));

    [Fact]
    public async Task Anonymous_readers_get_public_notes_with_a_why_and_pages_never_repeat()
    {
        var notes = await SeedAsync();
        var anonymous = _platform.CreateClient();

        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await FeedAsync(anonymous, 4, continuation);
            Assert.All(page.Items, i => Assert.False(string.IsNullOrEmpty(i.Why.Text)));
            Assert.True(page.Items.GroupBy(i => i.Note.AuthorId).All(g => g.Count() <= 2));
            seen.AddRange(page.Items.Select(i => i.Note.Id));
            continuation = page.Continuation;
            // Served notes are packed 4 bytes each (about 8 characters once encoded) after a fixed part with the start time:
            // a bound that grows with the notes served, far below what full note ids would take.
            Assert.True(continuation is null || continuation.Length <= 100 + 8 * seen.Count, $"continuation of {continuation?.Length} characters after {seen.Count} notes");
        }
        while (continuation is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(notes.Select(n => n.Id).Order(), seen.Order());
        await Api.JsonAsync(await anonymous.GetAsync("/api/feed?continuation=garbage"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Liking_a_topic_brings_it_first_and_not_interested_takes_it_away()
    {
        var notes = await SeedAsync();
        var reader = _platform.ClientFor("reader");
        foreach (var liked in notes.Where(n => n.Title is "amy 露营" or "ben 露营"))
        {
            await Api.PutAsync(reader, $"/api/notes/{liked.Id}/like");
        }

        var page = await FeedAsync(reader, 6);
        Assert.Equal(new FeedWhy(FeedReason.LikedTopic, "because you liked #露营", "露营"), page.Items[0].Why);
        Assert.Contains("露营", page.Items[0].Note.Topics);
        Assert.DoesNotContain(page.Items, i => i.Note.Title is "amy 露营" or "ben 露营");

        await Api.JsonAsync(await reader.PostAsJsonAsync("/api/feed/not-interested", new { topic = "#露营" }));
        await Api.JsonAsync(await reader.PostAsJsonAsync("/api/feed/not-interested", new { creatorId = "cat" }));
        var after = await FeedAsync(reader, 20);
        Assert.NotEmpty(after.Items);
        Assert.DoesNotContain(after.Items, i => i.Note.Topics.Contains("露营"));
        Assert.DoesNotContain(after.Items, i => i.Note.AuthorId == "cat");

        await Api.JsonAsync(await reader.PostAsJsonAsync("/api/feed/not-interested", new { }), HttpStatusCode.BadRequest);
        await Api.JsonAsync(await _platform.CreateClient().PostAsJsonAsync("/api/feed/not-interested", new { topic = "x" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Notes_seen_in_reader_activity_do_not_come_back_and_hidden_notes_never_show()
    {
        var notes = await SeedAsync();
        var reader = _platform.ClientFor("reader");
        var seen = notes.Where(n => n.Title.StartsWith("dan", StringComparison.Ordinal)).ToList();
        var profiles = _platform.Services.GetRequiredService<ReaderProfiles>();
        var batch = new ReaderActivityBatch("batch-1", seen.Select(n =>
            new ReaderActivity(Platform.Core.Readers.ActivityKind.Impression, n.Id, "reader", "reader", DateTimeOffset.UtcNow)).ToList());
        await profiles.ApplyAsync(batch, CancellationToken.None);

        var held = notes.First(n => n.Title == "eve 美食");
        await _platform.Services.GetRequiredService<NoteService>().ChangeAsync(held.Id, n => n with { Status = NoteStatus.Held }, CancellationToken.None);

        var all = new List<FeedItem>();
        string? continuation = null;
        do
        {
            var page = await FeedAsync(reader, 5, continuation);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.DoesNotContain(all, i => seen.Any(s => s.Id == i.Note.Id));
        Assert.DoesNotContain(all, i => i.Note.Id == held.Id);
        Assert.DoesNotContain(all, i => i.Note.Title == "amy private");
        Assert.Equal(notes.Count - seen.Count - 1, all.Count);
    }

    [Fact]
    public async Task Reader_activity_on_the_events_topic_teaches_the_profile_and_the_account_erasure_removes_it()
    {
        var notes = await SeedAsync();
        var read = notes.First(n => n.Title == "fay 穿搭");
        var reader = _platform.ClientFor("reader");
        var batch = new ReaderActivityBatch("batch-bus", [
            new ReaderActivity(Platform.Core.Readers.ActivityKind.Impression, read.Id, "reader", "reader", DateTimeOffset.UtcNow),
            new ReaderActivity(Platform.Core.Readers.ActivityKind.View, read.Id, "reader", "reader", DateTimeOffset.UtcNow, DwellMs: 30_000),
            new ReaderActivity(Platform.Core.Readers.ActivityKind.Impression, notes[0].Id, "d:anonymous-device-id", null, DateTimeOffset.UtcNow),
        ]);
        await _platform.Services.GetRequiredService<IMessageBus>().PublishAsync(
            OutgoingMessage.Create(Destinations.Events, ReaderActivityBatch.MessageType, batch), CancellationToken.None);

        var profiles = _platform.Services.GetRequiredService<ReaderProfiles>();
        var clock = Stopwatch.StartNew();
        ReaderProfile profile;
        while (!(profile = await profiles.GetAsync("reader", CancellationToken.None)).Seen.Contains(read.Id))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the batch did not reach the profile");
            await Task.Delay(20);
        }

        Assert.Equal(3.0, profile.Topics["穿搭"].Weight, 6); // a 30-second read: 1 + 2 (capped)
        Assert.Equal(3.0, profile.Creators["fay"].Weight, 6);
        var page = await FeedAsync(reader, 3);
        Assert.Equal(FeedReason.ReadTopic, page.Items[0].Why.Reason);
        Assert.DoesNotContain(page.Items, i => i.Note.Id == read.Id);

        await Api.JsonAsync(await reader.DeleteAsync("/api/me"), HttpStatusCode.NoContent);
        Assert.Empty((await profiles.GetAsync("reader", CancellationToken.None)).Seen);
    }
}
