using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>A moderator reads the held queue (the rule and the words that triggered it) and approves and rejects.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModeratorJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_moderator_approves_one_held_note_and_rejects_another_from_the_queue()
    {
        var author = await browser.Host.ApiAsync("held_author");
        var approved = await Seed.NoteAsync(author, new { title = "同款链接", body = "想要同款的私聊我，我发你 #好物分享" });
        var rejected = await Seed.NoteAsync(author, new { title = "福利群", body = "扫码加群领福利" });
        Assert.Equal("Held", approved.GetProperty("status").GetString());
        Assert.Equal("Held", rejected.GetProperty("status").GetString());

        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("mod_erin", ["moderator"], next: "/moderation");
        await Expect(page.Locator("h1")).ToHaveTextAsync("审核队列");
        var approveCase = page.Locator("ul.cases > li", new() { HasText = "同款链接" });
        var rejectCase = page.Locator("ul.cases > li", new() { HasText = "福利群" });
        await Expect(approveCase.Locator("mark", new() { HasText = "私聊我" }).First).ToBeVisibleAsync();
        await Expect(approveCase).ToContainTextAsync("contact.lure");
        await Expect(approveCase).ToContainTextAsync("规则拦截");
        Assert.Empty(await tab.UnlabelledControlsAsync());
        await tab.ScreenshotAsync("moderator-queue");

        await approveCase.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Expect(approveCase).ToHaveCountAsync(0);
        await rejectCase.GetByLabel("理由（作者可见）").FillAsync("请勿引导站外");
        await rejectCase.GetByRole(AriaRole.Button, new() { Name = "拒绝" }).ClickAsync();
        await Expect(rejectCase).ToHaveCountAsync(0);

        var approvedNow = await author.GetFromJsonAsync<JsonElement>($"/api/notes/{approved.GetProperty("id").GetString()}");
        var rejectedNow = await author.GetFromJsonAsync<JsonElement>($"/api/notes/{rejected.GetProperty("id").GetString()}");
        Assert.Equal("Published", approvedNow.GetProperty("status").GetString());
        Assert.Equal("Rejected", rejectedNow.GetProperty("status").GetString());
        Assert.Equal("请勿引导站外", rejectedNow.GetProperty("moderation").GetProperty("decision").GetProperty("reason").GetString());
        Assert.Empty(tab.Errors);
    }
}
