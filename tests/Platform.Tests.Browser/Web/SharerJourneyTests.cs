using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>A sharer signs in, uploads an image, watches it being processed, publishes, edits and deletes the note.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SharerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_sharer_uploads_an_image_sees_processing_finish_publishes_edits_and_deletes()
    {
        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("sharer_carol", next: "/compose");
        await Expect(page.Locator("h1")).ToHaveTextAsync("发布笔记");

        await page.Locator("#images").SetInputFilesAsync(new FilePayload
        {
            Name = "sunscreen.png",
            MimeType = "image/png",
            Buffer = TestImages.Png(900, 1200, (244, 198, 166), (255, 245, 238)),
        });
        var upload = page.Locator("ul.uploads > li.upload");
        await Expect(upload).ToHaveCountAsync(1);
        // Uploading, then processing (a blob trigger), then ready with its thumbnail and the size processing found.
        await Expect(upload).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 30_000 });
        await Expect(upload.Locator(".state")).ToHaveTextAsync("已就绪 900×1200");
        await ReaderJourneyTests.WaitForImagesAsync(page, "ul.uploads .preview img");

        await page.GetByLabel("标题").FillAsync("夏日防晒小分享");
        await page.GetByLabel("正文").FillAsync("这支防晒很清爽，适合通勤 #防晒 #夏日护肤");
        Assert.Empty(await tab.UnlabelledControlsAsync());
        await tab.ScreenshotAsync("sharer-compose");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("夏日防晒小分享");
        await ReaderJourneyTests.WaitForImagesAsync(page, ".gallery figure.frame img");
        var noteId = page.Url.Split("#/notes/")[1];
        await Expect(page.Locator(".note-body a.topic", new() { HasText = "#夏日护肤" })).ToBeVisibleAsync();
        await tab.ScreenshotAsync("sharer-published");

        await page.GetByRole(AriaRole.Link, new() { Name = "编辑" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("编辑笔记");
        await Expect(page.Locator("ul.uploads > li.upload")).ToHaveCountAsync(1);
        await page.GetByLabel("标题").FillAsync("夏日防晒小分享（更新）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("夏日防晒小分享（更新）");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "删除" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/users/sharer_carol$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("sharer_carol");
        using var anonymous = new HttpClient { BaseAddress = browser.Host.BaseUrl };
        using var gone = await anonymous.GetAsync($"/api/notes/{noteId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(tab.Errors);
    }
}
