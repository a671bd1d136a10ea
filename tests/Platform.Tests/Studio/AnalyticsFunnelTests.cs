using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Core.Media;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;
using Platform.Tests.Support;

namespace Platform.Tests.Studio;

/// <summary>The funnel from real reader numbers, refunds by line, video notes, and the predictor's held-out fit.</summary>
public sealed class AnalyticsFunnelTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly EmbeddedPlatform _platform = new();

    private static AttributedLine Line(string sku, int quantity, long unitMinor, string? note) =>
        new("p-" + sku, sku, quantity, new Money(unitMinor * quantity, "CNY"), note);

    private static OrderStatusChanged Order(OrderStatus to, IReadOnlyList<AttributedLine>? refunded = null) =>
        new("o1", "s1", "acme", "buyer", OrderStatus.Paid, to, At, new Money(50_000, "CNY"),
            [Line("a", 1, 10_000, "note-a"), Line("b", 2, 20_000, "note-b")], refunded);

    [Fact]
    public void A_partial_refund_takes_back_only_the_refunded_units_revenue()
    {
        var events = AnalyticsEventHandler.ForOrder("e1", Order(OrderStatus.Refunded, [Line("b", 1, 20_000, "note-b")])).ToList();

        var b = Assert.Single(events);
        Assert.Equal(("note-b", 0, -200m), (b.NoteId, b.Delta, b.Revenue)); // one of two units: the order still counts
    }

    [Fact]
    public void Refunding_every_unit_a_note_sold_takes_back_its_order_too()
    {
        var events = AnalyticsEventHandler.ForOrder("e1", Order(OrderStatus.Refunded, [Line("a", 1, 10_000, "note-a"), Line("b", 2, 20_000, "note-b")]))
            .OrderBy(e => e.NoteId).ToList();

        Assert.Equal([("note-a", -1, -100m), ("note-b", -1, -400m)], events.Select(e => (e.NoteId, e.Delta, e.Revenue)));
    }

    [Fact]
    public void The_refunded_lines_travel_with_the_refund_event()
    {
        var line = new OrderLine("p1", "sku1", "防晒霜", new Dictionary<string, string>(), 3, new Money(5_000, "CNY"), new Money(15_000, "CNY"), "note-a");
        var order = new Order
        {
            Id = "o1", ShopId = "s1", BrandId = "acme", BuyerId = "buyer", Lines = [line], Total = new Money(15_000, "CNY"),
            Subtotal = new Money(15_000, "CNY"), ShippingFee = new Money(0, "CNY"),
            ShippingAddress = new ShippingAddress(null, null, null, null, null, null, null, null),
            IdempotencyKey = "k", RequestFingerprint = "f", History = [],
            Status = OrderStatus.Refunded, CreatedAt = At, UpdatedAt = At, PaymentDueAt = At,
            Refund = new RefundRecord("size", [new StockRequest("sku1", 1)], false, new Money(5_000, "CNY"), At, RefundedAt: At),
        };
        var message = OrderMessages.StatusChanged(order, new OrderTransition(OrderStatus.RefundRequested, OrderStatus.Refunded, null, At, "refunded", Actor.System));

        var body = System.Text.Json.JsonSerializer.Deserialize<OrderStatusChanged>(message.Body, Platform.Core.Common.PlatformJson.Options)!;
        var refunded = Assert.Single(body.RefundedLines!);
        Assert.Equal((1, 5_000L, "note-a"), (refunded.Quantity, refunded.LineTotal.AmountMinor, refunded.SourceNoteId));
    }

    [Fact]
    public async Task Reader_numbers_make_the_funnel_and_a_video_note_counts_as_video()
    {
        var store = _platform.Services.GetRequiredService<IDocumentStore>();
        await store.UpsertAsync(Collections.Media, "m1", "m1", new MediaItem
        {
            Id = "m1", OwnerId = "creator", DeclaredContentType = "video/mp4", DeclaredBytes = 1, UploadExpiresAt = At, CreatedAt = At,
            Status = MediaStatus.Ready, Kind = MediaKind.Video,
        }, default);
        await store.UpsertAsync(Collections.Notes, "v1", "v1", new Note
        {
            Id = "v1", AuthorId = "creator", Title = "三步露营", Body = "", Topics = ["露营"], MediaIds = ["m1"], CreatedAt = At, UpdatedAt = At,
        }, default);

        using var scope = _platform.Services.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredService<AnalyticsEventHandler>();
        await handler.HandleAsync(Incoming("n-created", "note.created", new { noteId = "v1" }), default);
        var changed = EngagementEvents.For("v1", new EngagementCounts(Likes: 30, Collects: 10, Comments: 5, Shares: 5, Views: 400), At,
            impressions: 2000, productClicks: 40);
        await handler.HandleAsync(Incoming(changed.Id, changed.Type, changed.Body), default);

        var metrics = (await store.FindAsync<NoteMetrics>(Collections.ContentMetrics, "v1", "v1", default))!.Value;
        Assert.True(metrics.Note!.HasVideo);
        Assert.Contains("format.video", metrics.Note.Features());

        var insights = await _platform.Services.GetRequiredService<ContentAnalytics>().GetAsync(new InsightScope([]), default);
        Assert.Equal(new ContentFunnel(2000, 400, 30, 10, 5, 5, 40, 0, 0m), insights.Funnel);
        Assert.Equal((0.2, 0.125, 0.1), (insights.Funnel!.ViewRate, insights.Funnel.EngagementRate, insights.Funnel.ProductClickRate));
    }

    [Fact]
    public void The_predictor_fitted_on_real_numbers_beats_the_average_on_held_out_notes_and_explains_itself()
    {
        var notes = AnalyticsSeed.Events(notes: 60)
            .GroupBy(e => e.NoteId)
            .Select(g => g.Aggregate(new NoteMetrics { NoteId = g.Key }, (m, e) => m.Apply(e)))
            .ToList();
        var predictor = new EngagementPredictor();

        var fit = PredictorEvaluation.Evaluate(predictor, notes);

        output.WriteLine($"held-out notes {fit.HeldOutNotes}: MAE {fit.MeanAbsoluteError:0.0000} vs average {fit.BaselineMeanAbsoluteError:0.0000} ({fit.ErrorReduction:P0} less)");
        Assert.Equal(60, fit.HeldOutNotes);
        Assert.True(fit.MeanAbsoluteError < fit.BaselineMeanAbsoluteError,
            $"held-out MAE {fit.MeanAbsoluteError:0.0000} vs baseline {fit.BaselineMeanAbsoluteError:0.0000}");

        var all = notes.Aggregate(new ContentAggregate { Scope = ContentScopes.All }, (a, m) => a.Apply(m.NoteId, null, m.Contribution())).ToInsights();
        var (_, contributions) = predictor.Predict(["防晒"], [NoteFeatures.TitleNumber], all);
        Assert.Contains(contributions, c => c.Feature == NoteFeatures.TitleNumber && c.Effect > 0);
    }

    [Fact]
    public async Task Brand_members_read_the_predictors_held_out_fit_on_the_platforms_numbers()
    {
        var handler = _platform.Services.GetRequiredService<ContentAnalyticsHandler>();
        foreach (var e in AnalyticsSeed.Events(notes: 40))
        {
            await handler.HandleAsync(e, CancellationToken.None);
        }

        var member = _platform.ClientFor("lee", ["brand"], ["acme"]);
        var fit = await Platform.Tests.Community.Api.ReadAsync<PredictorFit>(await member.GetAsync("/api/brands/acme/analytics/predictor"));
        Assert.Equal(40, fit.HeldOutNotes);
        Assert.True(fit.MeanAbsoluteError < fit.BaselineMeanAbsoluteError);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden,
            (await _platform.ClientFor("bob", ["brand"], ["globex"]).GetAsync("/api/brands/acme/analytics/predictor")).StatusCode);
    }

    private static IncomingMessage Incoming(string id, string type, object body) => new()
    {
        Id = id, Source = Destinations.Events, Type = type,
        Body = body as string ?? System.Text.Json.JsonSerializer.Serialize(body, Platform.Core.Common.PlatformJson.Options),
    };

    public void Dispose() => _platform.Dispose();
}
