using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Tests.Notes;
using Platform.Tests.Support;

namespace Platform.Tests.Messaging;

/// <summary>The admin dead-letter API on the embedded host: a failing event is dead-lettered, listed, and replayed.</summary>
public sealed class DeadLetterApiTests : IDisposable
{
    private readonly MessageRecorder _recorder = new() { FailEverything = true };
    private readonly EmbeddedPlatformWith _platform;

    public DeadLetterApiTests()
    {
        _platform = new EmbeddedPlatformWith(
            new EmbeddedPlatform(new Dictionary<string, string?>
            {
                ["Platform:Embedded:Messaging:MaxDeliveryCount"] = "2",
                ["Platform:Embedded:Messaging:RetryBaseDelay"] = "00:00:00.010",
            }),
            services =>
            {
                services.AddSingleton(_recorder);
                services.AddMessageHandler<RecordingHandler>(Destinations.Events, "dead-letter-test");
            });
    }

    [Fact]
    public async Task A_failing_event_is_listed_with_its_reason_and_replayed_once_the_handler_recovers()
    {
        var created = await _platform.ClientFor("alice").PostAsJsonAsync("/api/notes", new { title = "索引失败的笔记", body = "" });
        var noteId = (await created.Content.ReadFromJsonAsync<NoteResponse>())!.Id;
        var admin = _platform.ClientFor("ops", roles: ["admin"]);

        var deadLetter = await WaitForDeadLetterAsync(admin);
        Assert.Equal("events/subscriptions/dead-letter-test", deadLetter.GetProperty("path").GetString());
        Assert.Equal(NoteEvents.Created, deadLetter.GetProperty("type").GetString());
        Assert.Equal("MaxDeliveryCountExceeded", deadLetter.GetProperty("reason").GetString());
        Assert.Equal(2, deadLetter.GetProperty("deliveryCount").GetInt32());
        Assert.Contains(noteId, deadLetter.GetProperty("body").GetString(), StringComparison.Ordinal);

        _recorder.FailEverything = false;
        var id = deadLetter.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/dead-letters/{id}/replay", null)).StatusCode);

        await _recorder.WaitUntilAsync(h => h.Count == 1);
        Assert.Equal(noteId, _recorder.Handled[0].Message.GetBody<NoteChanged>().NoteId);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters")).GetProperty("items").EnumerateArray());
        await AssertProblem(await admin.PostAsync($"/api/admin/dead-letters/{id}/replay", null), HttpStatusCode.NotFound, "messaging.dead_letter_not_found");
    }

    [Fact]
    public async Task Only_admins_may_see_or_replay_dead_letters()
    {
        await AssertProblem(await _platform.CreateClient().GetAsync("/api/admin/dead-letters"), HttpStatusCode.Unauthorized, "auth.required");
        var moderator = _platform.ClientFor("mod", roles: ["moderator"]);
        await AssertProblem(await moderator.GetAsync("/api/admin/dead-letters"), HttpStatusCode.Forbidden, "admin.role_required");
        await AssertProblem(await moderator.PostAsync("/api/admin/dead-letters/1/replay", null), HttpStatusCode.Forbidden, "admin.role_required");

        var admin = _platform.ClientFor("ops", roles: ["admin"]);
        await AssertProblem(await admin.GetAsync("/api/admin/dead-letters?continuation=forged"), HttpStatusCode.BadRequest, "request.invalid_continuation");
        await AssertProblem(await admin.PostAsync("/api/admin/dead-letters/not-a-number/replay", null), HttpStatusCode.NotFound, "messaging.dead_letter_not_found");
    }

    private static async Task<JsonElement> WaitForDeadLetterAsync(HttpClient admin)
    {
        for (var i = 0; i < 300; i++)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters?pageSize=10");
            if (page.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first)
            {
                return first;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Nothing was dead-lettered.");
    }

    public void Dispose() => _platform.Dispose();
}
