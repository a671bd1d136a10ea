using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Core.Readers;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Readers;

/// <summary><c>POST /api/events</c>: bad items refused by index without dropping the good ones; whole-request limits.</summary>
public sealed class ReaderEventsApiTests : IDisposable
{
    private const string Device = "device-0123456789abcdef";

    private readonly EmbeddedPlatform _platform = new(new Dictionary<string, string?>
    {
        ["Platform:Readers:MaxBatchSize"] = "20",
        ["Platform:Readers:MaxEventsPerMinute"] = "40",
    });

    [Fact]
    public async Task Bad_items_are_refused_by_index_and_the_good_ones_count()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("author"), new { title = "露营装备清单", body = "#露营" });
        var reader = _platform.CreateClient();

        var response = await reader.PostAsJsonAsync("/api/events", new
        {
            deviceId = Device,
            events = new object?[]
            {
                new { kind = "impression", noteId = note.Id },
                new { kind = "view", noteId = note.Id, dwellMs = 4200 },
                new { kind = "teleport", noteId = note.Id },
                new { kind = "view", noteId = "no-such-note" },
                new { kind = "productClick", noteId = note.Id, productId = "not-tagged" },
                new { kind = "videoProgress", noteId = note.Id, progress = 1.5 },
                new { kind = "view", noteId = note.Id, dwellMs = 9000 }, // a repeat in the window: received, not counted
                null,
                new { kind = "share", noteId = note.Id, channel = "wechat" },
            },
        });

        var accepted = await Api.ReadAsync<ReaderEventsAccepted>(response, HttpStatusCode.Accepted);
        Assert.Equal(9, accepted.Received);
        Assert.Equal(3, accepted.Counted);
        Assert.Equal(
            [(2, ReaderEventCodes.UnknownKind), (3, ReaderEventCodes.UnknownNote), (4, ReaderEventCodes.InvalidProduct),
             (5, ReaderEventCodes.InvalidProgress), (7, ReaderEventCodes.InvalidItem)],
            accepted.Rejected.Select(r => (r.Index, r.Code)));
        Assert.All(accepted.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Detail)));
    }

    [Fact]
    public async Task The_author_scrolling_past_their_own_note_is_received_but_not_counted()
    {
        var author = _platform.ClientFor("author");
        var note = await Api.CreateNoteAsync(author, new { title = "我的笔记", body = "" });
        var response = await author.PostAsJsonAsync("/api/events", new { deviceId = Device, events = new[] { new { kind = "view", noteId = note.Id, dwellMs = 3000 } } });
        var accepted = await Api.ReadAsync<ReaderEventsAccepted>(response, HttpStatusCode.Accepted);
        Assert.Equal((1, 0), (accepted.Received, accepted.Counted));
    }

    [Fact]
    public async Task A_beacon_sent_as_text_plain_is_read_as_json()
    {
        var note = await Api.CreateNoteAsync(_platform.ClientFor("author"), new { title = "信标", body = "" });
        var json = $$"""{"deviceId":"{{Device}}","events":[{"kind":"impression","noteId":"{{note.Id}}"}]}""";
        var response = await _platform.CreateClient().PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "text/plain"));
        Assert.Equal(1, (await Api.ReadAsync<ReaderEventsAccepted>(response, HttpStatusCode.Accepted)).Counted);
    }

    [Fact]
    public async Task Whole_request_errors_are_problem_details_with_stable_codes()
    {
        var client = _platform.CreateClient();
        var noDevice = await Api.JsonAsync(await client.PostAsJsonAsync("/api/events", new { events = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        Assert.Equal(ReaderEventCodes.DeviceIdRequired, noDevice.GetProperty("code").GetString());

        var shortDevice = await Api.JsonAsync(await client.PostAsJsonAsync("/api/events", new { deviceId = "abc", events = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        Assert.Equal(ReaderEventCodes.DeviceIdRequired, shortDevice.GetProperty("code").GetString());

        var tooMany = Enumerable.Range(0, 21).Select(_ => new { kind = "impression", noteId = "n1" }).ToArray();
        var tooLarge = await Api.JsonAsync(await client.PostAsJsonAsync("/api/events", new { deviceId = Device, events = tooMany }), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(ReaderEventCodes.BatchTooLarge, tooLarge.GetProperty("code").GetString());

        var notJson = await client.PostAsync("/api/events", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task A_caller_over_the_rate_limit_gets_429_with_retry_after()
    {
        var client = _platform.CreateClient();
        var twenty = Enumerable.Range(0, 20).Select(_ => new { kind = "impression", noteId = "n1" }).ToArray();
        for (var i = 0; i < 2; i++)
        {
            await Api.ReadAsync<ReaderEventsAccepted>(await client.PostAsJsonAsync("/api/events", new { deviceId = Device, events = twenty }), HttpStatusCode.Accepted);
        }

        var limited = await client.PostAsJsonAsync("/api/events", new { deviceId = Device, events = twenty });
        var problem = await Api.JsonAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(ReaderEventCodes.RateLimited, problem.GetProperty("code").GetString());
        Assert.NotNull(limited.Headers.RetryAfter);

        // Another device is another reader.
        var other = await client.PostAsJsonAsync("/api/events", new { deviceId = Device + "-2", events = twenty });
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    public void Dispose() => _platform.Dispose();
}
