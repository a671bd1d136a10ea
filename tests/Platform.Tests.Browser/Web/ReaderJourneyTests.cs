using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>A reader searches in Chinese, reads the grid of covers, opens a note, follows its #topic, and engages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReaderJourneyTests(BrowserFixture browser)
{
    // The journeys share one host: the words searched for here (竹炭) appear in no other test's notes.
    [Fact]
    public async Task A_reader_searches_in_Chinese_and_opens_a_note_with_its_gallery_and_topics()
    {
        var author = await browser.Host.ApiAsync("reader_author");
        var cover = await Seed.ImageAsync(author, TestImages.Png(450, 600, (244, 166, 183), (255, 240, 243)));
        var second = await Seed.ImageAsync(author, TestImages.Png(600, 800, (166, 216, 244), (240, 250, 255)));
        await Seed.NoteAsync(author, new { title = "竹炭面膜真实测评", body = "清洁力很强，不紧绷 #竹炭测评 #周末护肤", mediaIds = new[] { cover, second } });
        await Seed.NoteAsync(author, new { title = "竹炭清洁合集", body = "三款清洁面膜对比 #竹炭测评", mediaIds = Array.Empty<string>() });
        await Seed.NoteAsync(author, new { title = "小众咖啡店打卡", body = "周末探店 #咖啡", mediaIds = Array.Empty<string>() });
        await Seed.UntilSearchFindsAsync(author, "竹炭", 2);

        await using var tab = await browser.OpenAsync(phone: true);
        var page = tab.Page;
        await page.GotoAsync("/");
        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "搜索笔记" });
        var suggestions = page.GetByRole(AriaRole.Listbox, new() { Name = "搜索建议" });

        // Typing Chinese with an input method: the text is composed first (the box already shows 竹, a prefix that has
        // suggestions), and Enter confirms the candidate. Neither may suggest or search; once committed, suggestions come.
        await search.EvaluateAsync("""
            input => {
              input.focus();
              input.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
              input.value = '竹';
              input.dispatchEvent(new InputEvent('input', { data: '竹', inputType: 'insertCompositionText', isComposing: true }));
              input.form.requestSubmit();
            }
            """);
        await page.WaitForTimeoutAsync(500);
        await Expect(suggestions).ToBeHiddenAsync();
        Assert.DoesNotContain("#/search", page.Url, StringComparison.Ordinal);
        await search.EvaluateAsync("""
            input => {
              input.value = '竹炭';
              input.dispatchEvent(new InputEvent('input', { data: '竹炭', inputType: 'insertCompositionText', isComposing: true }));
              input.dispatchEvent(new CompositionEvent('compositionend', { data: '竹炭' }));
            }
            """);
        await Expect(suggestions).ToBeVisibleAsync();
        await Expect(suggestions.GetByRole(AriaRole.Option, new() { Name = "竹炭面膜真实测评" })).ToBeVisibleAsync();
        await search.PressAsync("Enter");

        await Expect(page.Locator("h1")).ToHaveTextAsync("“竹炭”的搜索结果");
        var cards = page.Locator("ul.grid > li.card");
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(cards.Locator(".title em").First).ToHaveTextAsync("竹炭");
        var withImage = cards.Filter(new() { HasText = "竹炭面膜真实测评" });
        await Expect(withImage.Locator(".cover img")).ToBeVisibleAsync();
        await WaitForImagesAsync(page, "ul.grid .cover img");

        // Two columns of 3:4 covers on a phone.
        var first = (await cards.Nth(0).Locator(".cover").BoundingBoxAsync())!;
        var next = (await cards.Nth(1).Locator(".cover").BoundingBoxAsync())!;
        Assert.Equal(4.0 / 3.0, first.Height / first.Width, 2);
        Assert.Equal(first.Y, next.Y, 0);
        Assert.True(next.X >= first.X + first.Width, "the second cover sits beside the first");
        Assert.Empty(await tab.UnlabelledControlsAsync());
        await tab.ScreenshotAsync("reader-search");

        await withImage.Locator("a.cover-link").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("竹炭面膜真实测评");
        await Expect(page.Locator(".gallery figure.frame")).ToHaveCountAsync(2);
        await WaitForImagesAsync(page, ".gallery figure.frame img[loading=eager]");
        await Expect(page.Locator(".note-body a.topic", new() { HasText = "#竹炭测评" })).ToBeVisibleAsync();
        await tab.ScreenshotAsync("reader-note");

        await page.Locator(".note-body a.topic", new() { HasText = "#竹炭测评" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("#竹炭测评");
        await Expect(page.Locator("ul.grid > li.card")).ToHaveCountAsync(2);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task A_signed_in_reader_likes_collects_comments_and_follows_the_author()
    {
        var author = await browser.Host.ApiAsync("engaged_author");
        var image = await Seed.ImageAsync(author, TestImages.Png(450, 600, (209, 166, 244), (248, 240, 255)));
        var note = await Seed.NoteAsync(author, new { title = "一周通勤穿搭", body = "简单舒服 #穿搭", mediaIds = new[] { image } });
        var noteId = note.GetProperty("id").GetString();

        await using var tab = await browser.OpenAsync(phone: true);
        var page = tab.Page;
        await tab.SignInAsync("engaged_reader", next: $"/notes/{noteId}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("一周通勤穿搭");

        var like = page.Locator(".actions button", new() { HasText = "点赞" });
        await like.ClickAsync();
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(like).ToContainTextAsync("1");
        var collect = page.Locator(".actions button", new() { HasText = "收藏" });
        await collect.ClickAsync();
        await Expect(collect).ToHaveAttributeAsync("aria-pressed", "true");
        var follow = page.Locator(".author button");
        await follow.ClickAsync();
        await Expect(follow).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GetByLabel("写评论").FillAsync("好好看，求链接");
        await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await Expect(page.Locator(".comments .comment", new() { HasText = "好好看，求链接" })).ToBeVisibleAsync();
        await tab.ScreenshotAsync("reader-engaged");

        var reader = await browser.Host.ApiAsync("engaged_reader");
        var seen = await reader.GetFromJsonAsync<JsonElement>($"/api/notes/{noteId}");
        Assert.True(seen.GetProperty("viewer").GetProperty("liked").GetBoolean());
        Assert.True(seen.GetProperty("viewer").GetProperty("collected").GetBoolean());
        var profile = await reader.GetFromJsonAsync<JsonElement>("/api/users/engaged_author");
        Assert.True(profile.GetProperty("followedByViewer").GetBoolean());
        Assert.Empty(tab.Errors);
    }

    /// <summary>Waits until every matching image has decoded (naturalWidth > 0): a broken rendition URL fails here.</summary>
    internal static async Task WaitForImagesAsync(IPage page, string selector) =>
        await page.WaitForFunctionAsync(
            "s => { const imgs = [...document.querySelectorAll(s)]; return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); }",
            selector);
}
