using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Web;

/// <summary>A buyer goes from a note's product card to the cart, checks out, pays (simulated provider) and sees the order paid.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BuyerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_buyer_adds_a_product_from_a_note_checks_out_pays_and_sees_the_order_paid()
    {
        var brand = await browser.Host.ApiAsync("buyer_brand_rep", ["brand"], ["glowco"]);
        var (productId, skuId) = await Seed.ProductAsync(brand, "glowco", "清透防晒乳 SPF50");
        var creator = await browser.Host.ApiAsync("buyer_creator");
        var image = await Seed.ImageAsync(creator, TestImages.Png(450, 600, (244, 226, 166), (255, 252, 240)));
        var note = await Seed.NoteAsync(creator, new { title = "这支防晒回购三次", body = "质地轻薄 #防晒", mediaIds = new[] { image }, productIds = new[] { productId } });
        var noteId = note.GetProperty("id").GetString();

        await using var tab = await browser.OpenAsync(phone: true);
        var page = tab.Page;
        await tab.SignInAsync("buyer_dan", next: $"/notes/{noteId}");
        var card = page.Locator("section.product", new() { HasText = "清透防晒乳 SPF50" });
        await Expect(card.Locator(".price")).ToHaveTextAsync("¥129.00");
        await card.GetByRole(AriaRole.Button, new() { Name = "加入购物车" }).ClickAsync();
        await Expect(page.Locator("#cart-count")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Link, new() { Name = "购物车" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("购物车");
        await Expect(page.Locator("ul.cart-lines > li")).ToHaveCountAsync(1);
        await Expect(page.Locator("ul.cart-lines > li")).ToContainTextAsync("清透防晒乳 SPF50");
        await page.GetByRole(AriaRole.Link, new() { Name = "去结算" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("确认订单");
        await page.GetByLabel("收货人").FillAsync("王小明");
        await page.GetByLabel("手机号").FillAsync("13800000000");
        await page.GetByLabel("详细地址").FillAsync("南京西路 1 号");
        await page.GetByLabel("城市").FillAsync("上海");
        Assert.Empty(await tab.UnlabelledControlsAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "提交订单" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("订单详情");
        await Expect(page.Locator(".status-line")).ToContainTextAsync("待支付");
        await page.GetByRole(AriaRole.Button, new() { Name = "支付 ¥137.00" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "模拟支付" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认支付" }).ClickAsync();
        await Expect(page.Locator(".status-line")).Not.ToContainTextAsync("待支付", new() { Timeout = 30_000 });
        await Expect(page.Locator(".timeline")).ToContainTextAsync("已支付");
        await tab.ScreenshotAsync("buyer-order-paid");

        // The order remembers the note that sold it.
        var orderId = page.Url.Split("#/orders/")[1];
        var buyer = await browser.Host.ApiAsync("buyer_dan");
        var order = await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.NotEqual("PendingPayment", order.GetProperty("status").GetString());
        Assert.Equal(noteId, order.GetProperty("lines")[0].GetProperty("sourceNoteId").GetString());
        Assert.Equal(skuId, order.GetProperty("lines")[0].GetProperty("skuId").GetString());
        Assert.Empty(tab.Errors);
    }
}
