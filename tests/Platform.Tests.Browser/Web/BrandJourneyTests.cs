using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>A brand member asks the studio for AI drafts about a product and reads them ranked, checked and labelled.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrandJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_brand_member_requests_drafts_and_sees_them_ranked_with_findings_and_labels()
    {
        var member = await browser.Host.ApiAsync("studio_rep", ["brand"], ["luma"]);
        await Seed.ProductAsync(member, "luma", "水光精华 30ml");

        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("studio_rep", ["brand"], ["luma"], next: "/studio");
        await Expect(page.Locator("h1")).ToHaveTextAsync("品牌工作台 · luma");
        await page.GetByLabel("水光精华 30ml").CheckAsync();
        await page.GetByLabel("目标", new() { Exact = true }).FillAsync("新品上市种草");
        await page.GetByLabel("核心卖点（每行一条）").FillAsync("清爽保湿\n最好用的精华");
        Assert.Empty(await tab.UnlabelledControlsAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "生成草稿" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("AI 草稿");
        var drafts = page.Locator("ol.drafts > li.draft");
        await Expect(drafts.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.InRange(await drafts.CountAsync(), 1, 5);
        await Expect(drafts.First.Locator(".rank")).ToHaveTextAsync("#1");
        // Every draft says it is AI-assisted and sponsored, and shows its compliance verdict.
        var count = await drafts.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await Expect(drafts.Nth(i).Locator(".labels")).ToContainTextAsync("AI 辅助创作");
            await Expect(drafts.Nth(i).Locator(".labels")).ToContainTextAsync("与 luma 合作");
            await Expect(drafts.Nth(i).Locator(".labels .tag").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("合规|已自动修正|需人工修改"));
        }

        // The absolute claim in the key messages was caught: a finding names it, in the draft that carries it.
        await Expect(page.Locator("ol.drafts mark", new() { HasText = "最好" }).First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("brand-drafts");

        // A person publishes a draft: it opens in the note editor, disclosed as sponsored by the brand.
        var title = await drafts.First.Locator("h2").InnerTextAsync();
        await drafts.First.GetByRole(AriaRole.Button, new() { Name = "用这篇发布" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("发布笔记");
        await Expect(page.GetByLabel("标题")).ToHaveValueAsync(title);
        await Expect(page.GetByLabel("这是一篇品牌合作（付费）笔记")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("合作品牌 ID")).ToHaveValueAsync("luma");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task A_brand_member_reads_a_sponsored_note_s_funnel()
    {
        var member = await browser.Host.ApiAsync("funnel_rep", ["brand"], ["nimbus"]);
        var offer = await (await member.PostAsJsonAsync("/api/brands/nimbus/offers", new
        {
            creatorId = "funnel_creator", brief = "面霜上脸实测", compensationType = "Gifted", deadline = DateTimeOffset.UtcNow.AddDays(7),
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var creator = await browser.Host.ApiAsync("funnel_creator");
        (await creator.PostAsync($"/api/me/offers/{offer.GetProperty("id").GetString()}/accept", null)).EnsureSuccessStatusCode();
        var note = await Seed.NoteAsync(creator, new { title = "云朵面霜上脸实测", body = "合作分享 #面霜", sponsored = true, partnerBrandId = "nimbus" });
        var noteId = note.GetProperty("id").GetString();
        var reader = await browser.Host.ApiAsync("funnel_reader");
        (await reader.PutAsync($"/api/notes/{noteId}/like", null)).EnsureSuccessStatusCode();
        // Analytics are kept from note events behind a queue: wait until the like has been counted.
        await Seed.UntilAsync(async () =>
        {
            using var response = await member.GetAsync($"/api/brands/nimbus/analytics/notes/{noteId}");
            return response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("likes").GetInt64() == 1;
        }, "the like in the note's analytics");

        await using var tab = await browser.OpenAsync(phone: true);
        var page = tab.Page;
        await tab.SignInAsync("funnel_rep", ["brand"], ["nimbus"], next: $"/studio/nimbus/notes/{noteId}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("笔记分析：云朵面霜上脸实测");
        var funnel = page.GetByRole(AriaRole.List, new() { Name = "转化漏斗" });
        await Expect(funnel.Locator("li", new() { HasText = "点赞" })).ToContainTextAsync("1");
        await Expect(funnel.Locator("li", new() { HasText = "订单" })).ToContainTextAsync("0");
        await tab.ScreenshotAsync("brand-note-analytics");
        Assert.Empty(tab.Errors);
    }
}
