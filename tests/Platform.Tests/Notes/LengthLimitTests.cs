using System.Net;
using System.Net.Http.Json;
using Platform.Core.Common;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Notes;

/// <summary>Probe: limits counted grapheme clusters only, so one letter plus 10,000 combining accents was a 1-character title.</summary>
public sealed class LengthLimitTests : IDisposable
{
    private static readonly string Zalgo = "a" + new string('\u0301', 10_000);
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Stacked_combining_marks_do_not_slip_past_the_limits_of_notes_comments_profiles_and_products()
    {
        var alice = _platform.ClientFor("alice");
        Assert.Equal(1, Text.VisibleLength(Zalgo));

        await ExpectTooLong(await alice.PostAsJsonAsync("/api/notes", new { title = Zalgo, body = "" }), "note.title_too_long");
        await ExpectTooLong(await alice.PostAsJsonAsync("/api/notes", new { title = "标题", body = Zalgo }), "note.body_too_long");
        var note = await Api.CreateNoteAsync(alice, new { title = "标题", body = "" });
        await ExpectTooLong(await alice.PostAsJsonAsync($"/api/notes/{note.Id}/comments", new { body = Zalgo }), "comment.body_too_long");
        await ExpectTooLong(await alice.PutAsJsonAsync("/api/me/profile", new { displayName = Zalgo }), "profile.name_too_long");
        await ExpectTooLong(await alice.PostAsJsonAsync("/api/me/boards", new { name = Zalgo }), "board.name_too_long");
        await ExpectTooLong(await _platform.ClientFor("brandy", ["brand"], ["acme"]).PutAsJsonAsync("/api/brands/acme", new { name = Zalgo }),
            "brand.name_too_long");
    }

    [Fact]
    public async Task Real_text_with_emoji_sequences_still_fits()
    {
        // 20 family emoji (7 code points each) and accented words: well within the title's 100 characters.
        var title = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 20)) + " café crème";
        await Api.CreateNoteAsync(_platform.ClientFor("alice"), new { title, body = "e\u0301 ñ 🇨🇳" });
    }

    [Theory]
    [InlineData(10, 10, 0, true)]
    [InlineData(10, 11, 0, false)]
    [InlineData(10, 1, 39, true)]
    [InlineData(10, 1, 40, false)]
    public void Both_characters_and_code_points_are_capped(int limit, int letters, int marks, bool fits) =>
        Assert.Equal(fits, Text.FitsWithin(new string('a', letters) + new string('\u0301', marks), limit));

    private static async Task ExpectTooLong(HttpResponseMessage response, string code)
    {
        var problem = await Api.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    public void Dispose() => _platform.Dispose();
}
