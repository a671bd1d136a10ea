using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Core.Common;
using Platform.Embedded.Payments;
using Platform.Tests.Support;
using static Platform.Tests.Commerce.CommerceScenario;

namespace Platform.Tests.Commerce;

/// <summary>Buying from a note, end to end over HTTP in the embedded run: the workflow runs on the embedded durable queue.</summary>
public sealed class CommerceJourneyTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(Settings());

    [Fact]
    public async Task A_buyer_goes_from_note_to_completed_order_and_the_order_remembers_the_note()
    {
        var shop = await StartAsync(_platform, stock: 10);
        var reader = shop.Buyer("reader");

        // The note's product card: live price and availability.
        var cards = await Read<NoteProducts>(await _platform.CreateClient().GetAsync($"/api/notes/{shop.NoteId}/products"), HttpStatusCode.OK);
        var card = Assert.Single(cards.Items);
        Assert.Equal(new Money(12900, "CNY"), card.Skus[0].Price);
        Assert.Equal(10, card.Skus[0].Available);

        // Cart, from the note.
        var cart = await Read<CartView>(await reader.PutAsJsonAsync($"/api/cart/items/{shop.SkuId}", new { quantity = 2, sourceNoteId = shop.NoteId }), HttpStatusCode.OK);
        Assert.Equal(new Money(25800, "CNY"), Assert.Single(cart.Shops).Subtotal);

        // Checkout, retried with the same key: one order.
        var key = Ids.New();
        var response = await PostCheckoutAsync(reader, key, new { shippingAddress = Address });
        var order = await Read<OrderResponse>(response, HttpStatusCode.Created);
        Assert.Equal($"/api/orders/{order.Id}", response.Headers.Location?.ToString());
        var retried = await PostCheckoutAsync(reader, key, new { shippingAddress = Address });
        Assert.Equal(order.Id, (await Read<OrderResponse>(retried, HttpStatusCode.OK)).Id);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());

        Assert.Equal(OrderStatus.PendingPayment, order.Status);
        var line = Assert.Single(order.Lines);
        Assert.Equal((shop.SkuId, 2, new Money(12900, "CNY"), shop.NoteId), (line.SkuId, line.Quantity, line.UnitPrice, line.SourceNoteId));
        Assert.Equal((new Money(25800, "CNY"), new Money(800, "CNY"), new Money(26600, "CNY")), (order.Subtotal, order.ShippingFee, order.Total));
        Assert.Equal(8, (await shop.SkuAsync()).Available);
        Assert.Empty((await Read<CartView>(await reader.GetAsync("/api/cart"), HttpStatusCode.OK)).Lines);

        // A failed attempt changes nothing; then pay at the simulated provider, whose signed webhook confirms the payment,
        // and the workflow starts fulfilment by itself.
        var failed = await shop.PayAsync(reader, order.Id, outcome: "failed");
        Assert.Equal(("Failed", 200), (failed.GetProperty("status").GetString(), failed.GetProperty("webhookStatus").GetInt32()));
        Assert.Equal(OrderStatus.PendingPayment, (await shop.GetOrderAsync(reader, order.Id)).Status);
        var paid = await shop.PayAsync(reader, order.Id);
        Assert.Equal(200, paid.GetProperty("webhookStatus").GetInt32());
        await shop.WaitForAsync(reader, order.Id, OrderStatus.Fulfilling);

        // The brand sees it among its shop's orders and ships it; the carrier delivers; the buyer confirms receipt.
        var brand = shop.Brand;
        var shopOrders = await Read<OrderPage>(await brand.GetAsync($"/api/shops/{shop.ShopId}/orders?status=Fulfilling"), HttpStatusCode.OK);
        Assert.Contains(OrderAction.Ship, Assert.Single(shopOrders.Items).Actions);
        await shop.ActAsync(brand, order.Id, "ship", new { carrier = "顺丰", trackingNumber = "SF1234567890" });
        await shop.WaitForAsync(reader, order.Id, OrderStatus.Shipped);
        await shop.ActAsync(brand, order.Id, "deliver");
        await shop.WaitForAsync(reader, order.Id, OrderStatus.Delivered);
        await shop.ActAsync(reader, order.Id, "complete");
        var done = await shop.WaitForAsync(reader, order.Id, OrderStatus.Completed);

        Assert.Equal(
            [OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Fulfilling, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Completed],
            done.History.Select(h => h.To));
        Assert.All(done.History, h => Assert.False(string.IsNullOrEmpty(h.Cause)));
        Assert.Equal([ActorKind.Buyer, ActorKind.PaymentProvider, ActorKind.System, ActorKind.Brand, ActorKind.Brand, ActorKind.Buyer],
            done.History.Select(h => h.Actor.Kind));
        Assert.Equal(("顺丰", "SF1234567890"), (done.Shipment!.Carrier, done.Shipment.TrackingNumber));
        Assert.Equal(order.Total, done.Payment!.Amount);
        Assert.Equal(shop.NoteId, Assert.Single(done.Lines).SourceNoteId);
        Assert.Empty(done.Actions);
        Assert.Equal(8, (await shop.SkuAsync()).Available);
    }

    [Fact]
    public async Task Only_the_buyer_and_the_selling_brand_see_an_order()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);

        var bob = shop.Buyer("bob");
        await AssertProblem(await bob.GetAsync($"/api/orders/{order.Id}"), HttpStatusCode.NotFound, "order.not_found");
        await AssertProblem(await bob.PostAsync($"/api/orders/{order.Id}/cancel", null), HttpStatusCode.NotFound, "order.not_found");
        Assert.Empty((await Read<OrderPage>(await bob.GetAsync("/api/orders"), HttpStatusCode.OK)).Items);
        Assert.Equal(order.Id, Assert.Single((await Read<OrderPage>(await alice.GetAsync("/api/orders"), HttpStatusCode.OK)).Items).Id);

        var otherBrand = _platform.ClientFor("rival", ["brand"], ["rival-brand"]);
        await AssertProblem(await otherBrand.GetAsync($"/api/orders/{order.Id}"), HttpStatusCode.NotFound, "order.not_found");
        await AssertProblem(await otherBrand.GetAsync($"/api/shops/{shop.ShopId}/orders"), HttpStatusCode.Forbidden, "brand.not_member");
        // The brand id in the token is not enough without the brand role.
        var notABrand = _platform.ClientFor("pretender", brandIds: [BrandId]);
        await AssertProblem(await notABrand.GetAsync($"/api/orders/{order.Id}"), HttpStatusCode.NotFound, "order.not_found");

        // The buyer cannot do the brand's part; the brand cannot do the buyer's.
        await AssertProblem(await alice.PostAsJsonAsync($"/api/orders/{order.Id}/ship", new { carrier = "x", trackingNumber = "y" }),
            HttpStatusCode.Forbidden, "brand.not_member");
        await AssertProblem(await shop.Brand.PostAsync($"/api/orders/{order.Id}/cancel", null), HttpStatusCode.Forbidden, "order.not_buyer");
        await AssertProblem(await shop.Brand.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.Forbidden, "order.not_buyer");
        Assert.Equal(order.Id, (await shop.GetOrderAsync(shop.Brand, order.Id)).Id);
    }

    [Fact]
    public async Task Illegal_transitions_are_refused_with_a_clear_code()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);

        var problem = await AssertProblem(await shop.Brand.PostAsJsonAsync($"/api/orders/{order.Id}/ship", new { carrier = "顺丰", trackingNumber = "SF1" }),
            HttpStatusCode.Conflict, "order.illegal_transition");
        Assert.Contains("PendingPayment", problem.GetProperty("detail").GetString());
        await AssertProblem(await alice.PostAsync($"/api/orders/{order.Id}/complete", null), HttpStatusCode.Conflict, "order.illegal_transition");
        await AssertProblem(await alice.PostAsJsonAsync($"/api/orders/{order.Id}/refund-request", new { reason = "x" }), HttpStatusCode.Conflict, "order.illegal_transition");

        await shop.PayAsync(alice, order.Id);
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
        await AssertProblem(await shop.Brand.PostAsJsonAsync($"/api/orders/{order.Id}/ship", new { carrier = "顺丰" }),
            HttpStatusCode.BadRequest, "order.shipment_required");
        await shop.ActAsync(shop.Brand, order.Id, "ship", new { carrier = "顺丰", trackingNumber = "SF1" });
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Shipped);
        await AssertProblem(await alice.PostAsync($"/api/orders/{order.Id}/cancel", null), HttpStatusCode.Conflict, "order.illegal_transition");
        await AssertProblem(await alice.PostAsync($"/api/orders/{order.Id}/payment", null), HttpStatusCode.Conflict, "order.not_awaiting_payment");
    }

    [Fact]
    public async Task A_buyer_cancels_before_payment_and_the_stock_comes_back()
    {
        var shop = await StartAsync(_platform, stock: 3);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice, quantity: 2);
        Assert.Equal(1, (await shop.SkuAsync()).Available);

        await shop.ActAsync(alice, order.Id, "cancel", new { reason = "买错了" });
        var cancelled = await shop.WaitForAsync(alice, order.Id, OrderStatus.Cancelled);
        Assert.Equal(("买错了", ActorKind.Buyer), (cancelled.History[^1].Cause, cancelled.History[^1].Actor.Kind));
        Assert.Equal(3, (await shop.SkuAsync()).Available);
    }

    [Fact]
    public async Task A_buyer_cancels_after_payment_and_gets_the_money_back()
    {
        var shop = await StartAsync(_platform, stock: 3);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        await shop.PayAsync(alice, order.Id);
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
        Assert.Equal(2, (await shop.SkuAsync()).Available);

        await shop.ActAsync(alice, order.Id, "cancel");
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Cancelled);
        Assert.Equal(3, (await shop.SkuAsync()).Available);
        var payment = await _platform.Services.GetRequiredService<SimulatedPaymentProvider>().FindAsync($"sim_{order.Id}", default);
        Assert.Equal(order.Total, Assert.Single(payment!.Refunds).Amount);
    }

    [Fact]
    public async Task A_refund_of_returned_goods_restocks_them_and_pays_back_their_price()
    {
        var shop = await StartAsync(_platform, stock: 5);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice, quantity: 2);
        await shop.PayAsync(alice, order.Id);
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
        await shop.ActAsync(shop.Brand, order.Id, "ship", new { carrier = "顺丰", trackingNumber = "SF2" });
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Shipped);
        await shop.ActAsync(shop.Brand, order.Id, "deliver");
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Delivered);
        Assert.Equal(3, (await shop.SkuAsync()).Available);

        await AssertProblem(await alice.PostAsJsonAsync($"/api/orders/{order.Id}/refund-request",
            new { reason = "不合适", lines = new[] { new { skuId = shop.SkuId, quantity = 3 } } }), HttpStatusCode.BadRequest, "order.invalid_refund_lines");
        await shop.ActAsync(alice, order.Id, "refund-request", new { reason = "七天无理由", lines = new[] { new { skuId = shop.SkuId, quantity = 1 } }, returnGoods = true });
        var requested = await shop.WaitForAsync(shop.Brand, order.Id, OrderStatus.RefundRequested);
        Assert.Equal(new Money(12900, "CNY"), requested.Refund!.Amount);
        Assert.Contains(OrderAction.ApproveRefund, requested.Actions);

        await shop.ActAsync(shop.Brand, order.Id, "refund/approve");
        var refunded = await shop.WaitForAsync(alice, order.Id, OrderStatus.Refunded);
        Assert.NotNull(refunded.Refund!.RefundedAt);
        Assert.Equal(4, (await shop.SkuAsync()).Available);
        var payment = await _platform.Services.GetRequiredService<SimulatedPaymentProvider>().FindAsync($"sim_{order.Id}", default);
        Assert.Equal(new Money(12900, "CNY"), Assert.Single(payment!.Refunds).Amount);
    }

    [Fact]
    public async Task A_refused_refund_returns_the_order_to_delivered()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);
        await shop.PayAsync(alice, order.Id);
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Fulfilling);
        await shop.ActAsync(shop.Brand, order.Id, "ship", new { carrier = "顺丰", trackingNumber = "SF3" });
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Shipped);
        await shop.ActAsync(shop.Brand, order.Id, "deliver");
        await shop.WaitForAsync(alice, order.Id, OrderStatus.Delivered);
        await shop.ActAsync(alice, order.Id, "refund-request", new { reason = "不想要了", returnGoods = false });
        await shop.WaitForAsync(alice, order.Id, OrderStatus.RefundRequested);

        await shop.ActAsync(shop.Brand, order.Id, "refund/reject", new { reason = "已使用" });
        var back = await shop.WaitForAsync(alice, order.Id, OrderStatus.Delivered);
        Assert.Equal("已使用", back.Refund!.RejectedReason);
        Assert.Equal(9, (await shop.SkuAsync()).Available);
    }

    [Fact]
    public async Task Checkout_refuses_bad_requests_with_problem_details()
    {
        var shop = await StartAsync(_platform, stock: 1);
        var alice = shop.Buyer("alice");
        var body = new { shippingAddress = Address, items = new[] { new { skuId = shop.SkuId, quantity = 1 } } };

        await AssertProblem(await PostCheckoutAsync(alice, null, body), HttpStatusCode.BadRequest, "checkout.idempotency_key_required");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { items = body.items }), HttpStatusCode.BadRequest, "checkout.address_required");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = new { recipientName = "x" }, body.items }),
            HttpStatusCode.BadRequest, "checkout.address_incomplete");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = Address, items = new[] { new { skuId = shop.SkuId, quantity = 0 } } }),
            HttpStatusCode.BadRequest, "checkout.invalid_quantity");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = Address, items = new[] { new { skuId = "nope", quantity = 1 } } }),
            HttpStatusCode.NotFound, "product.sku_not_found");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = Address }), HttpStatusCode.BadRequest, "checkout.empty");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = Address, items = new[] { new { skuId = shop.SkuId, quantity = 2 } } }),
            HttpStatusCode.Conflict, "checkout.out_of_stock");
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = Address, items = new[] { new { skuId = shop.SkuId, quantity = 1, sourceNoteId = "not-a-note" } } }),
            HttpStatusCode.BadRequest, "cart.invalid_source_note");
        await AssertProblem(await PostCheckoutAsync(_platform.CreateClient(), "k1", body), HttpStatusCode.Unauthorized, "auth.required");

        await Read<OrderResponse>(await PostCheckoutAsync(alice, "k1", body), HttpStatusCode.Created);
        await AssertProblem(await PostCheckoutAsync(alice, "k1", new { shippingAddress = Address, items = new[] { new { skuId = shop.Product.Skus[1].Id, quantity = 1 } } }),
            HttpStatusCode.Conflict, "checkout.idempotency_key_reused");
        // The same key from another buyer is another buyer's order.
        await AssertProblem(await PostCheckoutAsync(shop.Buyer("bob"), "k1", body), HttpStatusCode.Conflict, "checkout.out_of_stock");
    }

    [Fact]
    public async Task The_order_keeps_the_price_captured_at_checkout()
    {
        var shop = await StartAsync(_platform);
        var alice = shop.Buyer("alice");
        var order = await shop.CheckoutAsync(alice);

        var product = await Read<ProductView>(await _platform.CreateClient().GetAsync($"/api/products/{shop.Product.Id}"), HttpStatusCode.OK);
        var reprice = new HttpRequestMessage(HttpMethod.Patch, $"/api/products/{shop.Product.Id}/skus/{shop.SkuId}") { Content = JsonContent.Create(new { priceMinor = 15900 }) };
        reprice.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{product.ETag}\""));
        await Expect(await shop.Brand.SendAsync(reprice), HttpStatusCode.OK);

        Assert.Equal(new Money(15900, "CNY"), (await shop.SkuAsync()).Price);
        Assert.Equal(new Money(12900, "CNY"), Assert.Single((await shop.GetOrderAsync(alice, order.Id)).Lines).UnitPrice);
    }

    [Fact]
    public async Task Notes_may_tag_only_products_on_sale_and_attribution_must_be_true()
    {
        var shop = await StartAsync(_platform);
        var creator = _platform.ClientFor("creator");
        await AssertProblem(await creator.PostAsJsonAsync("/api/notes", new { title = "好物", body = "", productIds = new[] { "no-such-product" } }),
            HttpStatusCode.BadRequest, "note.unknown_product");

        var other = await Read<Platform.Core.Notes.NoteResponse>(await creator.PostAsJsonAsync("/api/notes", new { title = "无关笔记", body = "" }), HttpStatusCode.Created);
        await AssertProblem(await shop.Buyer("alice").PutAsJsonAsync($"/api/cart/items/{shop.SkuId}", new { quantity = 1, sourceNoteId = other.Id }),
            HttpStatusCode.BadRequest, "cart.invalid_source_note");

        // Delisting hides the card but does not break the note.
        await Expect(await shop.Brand.PatchAsJsonAsync($"/api/products/{shop.Product.Id}", new { status = "Delisted" }), HttpStatusCode.OK);
        Assert.Empty((await Read<NoteProducts>(await _platform.CreateClient().GetAsync($"/api/notes/{shop.NoteId}/products"), HttpStatusCode.OK)).Items);
        await AssertProblem(await _platform.CreateClient().GetAsync($"/api/products/{shop.Product.Id}"), HttpStatusCode.NotFound, "product.not_found");
        await AssertProblem(await PostCheckoutAsync(shop.Buyer("alice"), "k", new { shippingAddress = Address, items = new[] { new { skuId = shop.SkuId, quantity = 1 } } }),
            HttpStatusCode.Conflict, "checkout.product_unavailable");
    }

    [Fact]
    public async Task Only_brand_members_manage_the_catalogue()
    {
        var shop = await StartAsync(_platform);
        var outsider = _platform.ClientFor("outsider", ["brand"], ["other"]);
        await AssertProblem(await outsider.PutAsJsonAsync($"/api/brands/{BrandId}", new { name = "hijack" }), HttpStatusCode.Forbidden, "brand.not_member");
        await AssertProblem(await outsider.PostAsJsonAsync($"/api/brands/{BrandId}/shops", new { name = "x", currency = "CNY" }), HttpStatusCode.Forbidden, "brand.not_member");
        await AssertProblem(await outsider.PostAsJsonAsync($"/api/shops/{shop.ShopId}/products", new { title = "x", skus = new[] { new { priceMinor = 1 } } }),
            HttpStatusCode.Forbidden, "brand.not_member");
        await AssertProblem(await shop.Brand.PostAsJsonAsync($"/api/shops/{shop.ShopId}/products", new { title = "", skus = Array.Empty<object>() }),
            HttpStatusCode.BadRequest, "product.title_required");
        await AssertProblem(await shop.Brand.PostAsJsonAsync($"/api/brands/{BrandId}/shops", new { name = "x", currency = "rmb" }),
            HttpStatusCode.BadRequest, "shop.invalid_currency");

        var shops = await Read<List<ShopResponse>>(await _platform.CreateClient().GetAsync($"/api/brands/{BrandId}/shops"), HttpStatusCode.OK);
        Assert.Equal(shop.ShopId, Assert.Single(shops).Id);
        var listed = await Read<ProductPage>(await _platform.CreateClient().GetAsync($"/api/shops/{shop.ShopId}/products"), HttpStatusCode.OK);
        Assert.Equal(shop.Product.Id, Assert.Single(listed.Items).Id);
    }

    public void Dispose() => _platform.Dispose();
}
