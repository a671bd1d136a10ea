using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>
/// A brand and a creator, each in their own browser session: the brand sends an offer, the creator accepts it, the brand
/// hands off an AI draft, the creator publishes it as a labelled sponsored note with its products, and the brand reads
/// the campaign. The creator hears of the offer and the hand-off through the bell and the inbox.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CollaborationJourneyTests(BrowserFixture browser)
{
    private const string Brand = "aurora";
    private const string Rep = "aurora_rep";
    private const string Creator = "aurora_creator";

    [Fact]
    public async Task A_brand_and_a_creator_go_from_offer_to_a_published_sponsored_note_and_its_campaign()
    {
        // Shops and products have no brand-side page yet: the brand's product is put in place through the API.
        var member = await browser.Host.ApiAsync(Rep, ["brand"], [Brand]);
        var (productId, _) = await Seed.ProductAsync(member, Brand, "清透防晒乳 50ml");

        await using var creatorTab = await browser.OpenAsync(phone: true);
        var creator = creatorTab.Page;
        await creatorTab.SignInAsync(Creator, next: "/collabs");
        await Expect(creator.Locator("h1")).ToHaveTextAsync("合作收件箱");
        await Expect(creator.GetByText("还没有品牌邀约。")).ToBeVisibleAsync();

        // The brand sends an offer from its collaboration page.
        await using var brandTab = await browser.OpenAsync();
        var brand = brandTab.Page;
        await brandTab.SignInAsync(Rep, ["brand"], [Brand], next: $"/studio/{Brand}/collab");
        await Expect(brand.Locator("h1")).ToHaveTextAsync($"品牌合作 · {Brand}");
        await brand.GetByLabel("创作者", new() { Exact = true }).FillAsync(Creator);
        await brand.GetByLabel("合作需求").FillAsync("夏日通勤防晒实测，真实分享使用感受");
        await brand.GetByLabel("商品 ID", new() { Exact = true }).FillAsync(productId);
        await brand.GetByLabel("报酬方式").SelectOptionAsync("Fee");
        await brand.GetByLabel("金额", new() { Exact = true }).FillAsync("2000");
        Assert.Empty(await brandTab.UnlabelledControlsAsync());
        await brand.GetByRole(AriaRole.Button, new() { Name = "发送邀约" }).ClickAsync();
        var sent = brand.Locator("ul.offers > li.offer", new() { HasText = Creator });
        await Expect(sent).ToContainTextAsync("待回复");

        // The creator is told: the bell counts one, the inbox says who offered, and the link leads to the offer.
        await UntilShownAfterReloadAsync(creator, () => BellShowsAsync(creator, "1"));
        await creator.Locator("a.bell").ClickAsync();
        await Expect(creator.Locator("h1")).ToHaveTextAsync("消息");
        var offerNotice = creator.Locator("ul.inbox > li", new() { HasText = $"品牌 {Brand} 向你发出了合作邀约" });
        await Expect(offerNotice).ToHaveClassAsync("unread");
        await offerNotice.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(creator.Locator("h1")).ToHaveTextAsync("合作收件箱");
        var offer = creator.Locator("ul.offers > li.offer", new() { HasText = Brand });
        await Expect(offer).ToContainTextAsync("夏日通勤防晒实测");
        await Expect(offer).ToContainTextAsync("1 个商品");
        await offer.GetByRole(AriaRole.Button, new() { Name = "接受" }).ClickAsync();
        await Expect(offer).ToContainTextAsync("合作中");
        await Expect(offer.GetByRole(AriaRole.Button, new() { Name = "结束合作" })).ToBeVisibleAsync();

        // The brand's own inbox says the creator accepted; its collaboration page shows the partnership active.
        await brand.GotoAsync($"/#/notifications?brand={Brand}");
        await UntilShownAfterReloadAsync(brand, () => Expect(brand.Locator("ul.inbox > li").First).ToContainTextAsync($"{Creator} 接受了合作邀约", new() { Timeout = 2_000 }));
        await brand.Locator("ul.inbox > li").First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(brand.Locator("h1")).ToHaveTextAsync($"品牌合作 · {Brand}");
        await Expect(sent).ToContainTextAsync("合作中");
        await Expect(brand.Locator("table.campaigns tbody tr", new() { HasText = Creator })).ToContainTextAsync("合作中");
        await brand.GetByRole(AriaRole.Link, new() { Name = "返回品牌工作台" }).ClickAsync();
        await Expect(brand.Locator("h1")).ToHaveTextAsync($"品牌工作台 · {Brand}");
        await brand.GetByLabel("清透防晒乳 50ml").CheckAsync();
        await brand.GetByLabel("目标", new() { Exact = true }).FillAsync("夏季防晒种草");
        await brand.GetByLabel("核心卖点（每行一条）").FillAsync("质地清爽不黏腻\n通勤补涂方便");
        await brand.GetByRole(AriaRole.Button, new() { Name = "生成草稿" }).ClickAsync();
        await Expect(brand.Locator("h1")).ToHaveTextAsync("AI 草稿");
        var draft = brand.Locator("ol.drafts > li.draft").First;
        await Expect(draft).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var title = await draft.Locator("h2").InnerTextAsync();

        // Handing off asks for the creator's user id.
        brand.Dialog += async (_, dialog) => await dialog.AcceptAsync(Creator);
        await draft.GetByRole(AriaRole.Button, new() { Name = "交给创作者" }).ClickAsync();
        var handedOff = brand.Locator("ol.drafts > li.draft", new() { HasText = title });
        await Expect(handedOff).ToContainTextAsync($"已交给 {Creator}");
        await Expect(handedOff.GetByRole(AriaRole.Button, new() { Name = "交给创作者" })).ToHaveCountAsync(0);

        // The creator is told again: two unread, the newest says the brand handed a draft over.
        await UntilShownAfterReloadAsync(creator, () => BellShowsAsync(creator, "2"));
        await creator.Locator("a.bell").ClickAsync();
        await Expect(creator.Locator("[role=status]", new() { HasText = "条未读" })).ToHaveTextAsync("2 条未读");
        var items = creator.Locator("ul.inbox > li");
        await Expect(items.First).ToContainTextAsync($"品牌 {Brand} 交给你一篇草稿");
        await Expect(items.Nth(1)).ToContainTextAsync($"品牌 {Brand} 向你发出了合作邀约");
        await creatorTab.ScreenshotAsync("collab-creator-inbox");
        await creator.GetByRole(AriaRole.Button, new() { Name = "全部标为已读" }).ClickAsync();
        await Expect(creator.Locator("[role=status]", new() { HasText = "全部已读" })).ToBeVisibleAsync();
        await Expect(creator.Locator("#bell-count")).ToBeHiddenAsync();

        // The draft waits in the collaboration inbox; it opens in the editor with its brand and products fixed.
        await creator.GetByRole(AriaRole.Link, new() { Name = "合作" }).First.ClickAsync();
        await Expect(creator.Locator("h1")).ToHaveTextAsync("合作收件箱");
        var handed = creator.Locator("ul.handed-drafts > li", new() { HasText = title });
        await Expect(handed).ToContainTextAsync("AI辅助创作");
        await handed.GetByRole(AriaRole.Link, new() { Name = "在编辑器中打开" }).ClickAsync();
        await Expect(creator.Locator("h1")).ToHaveTextAsync("发布笔记");
        await Expect(creator.GetByLabel("标题")).ToHaveValueAsync(title);
        await Expect(creator.GetByLabel("商品 ID")).ToHaveValueAsync(productId);
        await Expect(creator.GetByLabel("这是一篇品牌合作（付费）笔记")).ToBeCheckedAsync();
        await Expect(creator.GetByLabel("合作品牌 ID")).ToHaveValueAsync(Brand);
        await Expect(creator.GetByLabel("商品 ID")).ToBeDisabledAsync();
        await creator.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();

        // The published note says it is sponsored and AI-assisted, and shows the product to buy.
        await Expect(creator.Locator("h1")).ToHaveTextAsync(title);
        var labels = creator.Locator("main .labels").First;
        await Expect(labels).ToContainTextAsync($"与 {Brand} 合作");
        await Expect(labels.Locator(".ai-label")).ToHaveTextAsync("AI辅助创作");
        await Expect(creator.GetByRole(AriaRole.Heading, new() { Name = "笔记中的商品" })).ToBeVisibleAsync();
        await Expect(creator.Locator(".products")).ToContainTextAsync("清透防晒乳 50ml");
        await creatorTab.ScreenshotAsync("collab-published-note");

        // A reader likes it; the brand's campaign table lists the note with the like counted (metrics follow a queue).
        var noteId = creator.Url[(creator.Url.IndexOf("#/notes/", StringComparison.Ordinal) + "#/notes/".Length)..];
        var reader = await browser.Host.ApiAsync("aurora_reader");
        (await reader.PutAsync($"/api/notes/{noteId}/like", null)).EnsureSuccessStatusCode();
        await brand.GotoAsync($"/#/studio/{Brand}/collab");
        var campaign = brand.Locator("table.campaigns tbody tr", new() { HasText = Creator });
        await Expect(campaign.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveAttributeAsync("href", $"#/notes/{noteId}");
        await Expect(campaign).ToContainTextAsync("AI辅助创作");
        await UntilShownAfterReloadAsync(brand, () => Expect(campaign.Locator("td.num").Nth(1)).ToHaveTextAsync("1", new() { Timeout = 2_000 }));
        await Expect(campaign.Locator("td.num").Nth(2)).ToHaveTextAsync("0");
        await brandTab.ScreenshotAsync("collab-brand-campaign");

        Assert.Empty(creatorTab.Errors);
        Assert.Empty(brandTab.Errors);
    }

    private static async Task BellShowsAsync(IPage page, string count)
    {
        await Expect(page.Locator("#bell-count")).ToHaveTextAsync(count, new() { Timeout = 2_000 });
        await Expect(page.Locator("#bell-count")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Notifications and metrics are written by bus handlers behind a queue, and the bell polls every 30 s or on focus:
    /// reload, as a person would, until the page shows what is expected.
    /// </summary>
    private static async Task UntilShownAfterReloadAsync(IPage page, Func<Task> expectation)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.ReloadAsync();
            try
            {
                await expectation();
                return;
            }
            catch (PlaywrightException) when (attempt < 15)
            {
                // Not delivered yet.
            }
        }
    }
}
