using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;
using Platform.Core.Studio.Collaboration;
using Platform.Tests.Community;
using Platform.Tests.Messaging;
using Platform.Tests.Studio;
using Platform.Tests.Support;

namespace Platform.Tests.Collaboration;

/// <summary>
/// Brands and creators working together over HTTP: offers and who may answer them, sponsorship claims, handed-off drafts
/// published as labelled sponsored notes, campaign numbers, and creator discovery with its opt-out.
/// </summary>
public sealed class CollaborationApiTests : IDisposable
{
    private const string Brand = "acme";
    private const string Subscription = "collaboration-test";
    private readonly MessageRecorder _recorder = new();
    private readonly EmbeddedPlatformWith _platform;

    public CollaborationApiTests()
    {
        _platform = new EmbeddedPlatformWith(new EmbeddedPlatform(), services =>
        {
            services.AddSingleton(_recorder);
            services.AddMessageHandler<RecordingHandler>(Destinations.Events, Subscription);
        });
    }

    private HttpClient Member => _platform.ClientFor("brand-lead", ["brand"], [Brand]);

    /// <summary>An offer from <paramref name="member"/>'s brand that <paramref name="creatorId"/> (<paramref name="creator"/>) accepts; returns it.</summary>
    internal static async Task<OfferView> PartnerAsync(HttpClient member, HttpClient creator, string brandId, string creatorId)
    {
        var offer = await Api.ReadAsync<OfferView>(await member.PostAsJsonAsync($"/api/brands/{brandId}/offers", Offer(creatorId)), HttpStatusCode.Created);
        return await Api.ReadAsync<OfferView>(await creator.PostAsync($"/api/me/offers/{offer.Id}/accept", null));
    }

    private static object Offer(string creatorId, IReadOnlyList<string>? productIds = null) => new
    {
        creatorId,
        brief = "夏季防晒新品体验，写真实的通勤使用感受",
        productIds = productIds ?? [],
        compensationType = "Fee",
        amount = 3000,
        currency = "CNY",
        deadline = DateTimeOffset.UtcNow.AddDays(14),
    };

    [Fact]
    public async Task Only_the_addressed_creator_answers_an_offer_and_either_side_ends_it_each_step_an_event()
    {
        var productId = await SuggestionsApiTests.ProductAsync(_platform.ClientFor("owner", ["brand"], [Brand]), Brand);
        var carol = _platform.ClientFor("carol");

        await AssertProblem(await _platform.ClientFor("mallory", ["brand"], ["other"]).PostAsJsonAsync($"/api/brands/{Brand}/offers", Offer("carol")),
            HttpStatusCode.Forbidden, "brand.member_only");
        await AssertProblem(await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", new { creatorId = "carol", brief = "x", deadline = DateTimeOffset.UtcNow.AddDays(-1) }),
            HttpStatusCode.BadRequest, "partnership.invalid_amount");
        await AssertProblem(await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", new { creatorId = "carol", brief = "x", compensationType = "Gifted", deadline = DateTimeOffset.UtcNow.AddDays(-1) }),
            HttpStatusCode.BadRequest, "partnership.invalid_deadline");
        await AssertProblem(await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", Offer("carol", ["not-ours"])),
            HttpStatusCode.BadRequest, "partnership.unknown_product");

        var sent = await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", Offer("carol", [productId]));
        var offer = await Api.ReadAsync<OfferView>(sent, HttpStatusCode.Created);
        Assert.Equal($"/api/brands/{Brand}/offers/{offer.Id}", sent.Headers.Location?.ToString());
        Assert.Equal((PartnershipState.Offered, "carol", "brand-lead"), (offer.State, offer.CreatorId, offer.OfferedBy));
        Assert.Equal((CompensationType.Fee, 3000m, "CNY"), (offer.Terms.Compensation.Type, offer.Terms.Compensation.Amount, offer.Terms.Compensation.Currency));
        Assert.Equal([productId], offer.Terms.ProductIds);
        Assert.Equal(offer.Id, Assert.Single(await Api.ReadAsync<List<OfferView>>(await carol.GetAsync("/api/me/offers"))).Id);
        Assert.Empty(await Api.ReadAsync<List<OfferView>>(await _platform.ClientFor("mallory").GetAsync("/api/me/offers")));

        // Nobody but carol can answer, not even the brand's own member.
        await AssertProblem(await _platform.ClientFor("mallory").PostAsync($"/api/me/offers/{offer.Id}/accept", null), HttpStatusCode.NotFound, "offer.not_found");
        await AssertProblem(await Member.PostAsync($"/api/me/offers/{offer.Id}/accept", null), HttpStatusCode.NotFound, "offer.not_found");

        var accepted = await Api.ReadAsync<OfferView>(await carol.PostAsync($"/api/me/offers/{offer.Id}/accept", null));
        Assert.Equal(PartnershipState.Active, accepted.State);
        Assert.NotNull(accepted.AnsweredAt);
        Assert.Equal(PartnershipState.Active, (await Api.ReadAsync<OfferView>(await carol.PostAsync($"/api/me/offers/{offer.Id}/accept", null))).State);
        await AssertProblem(await carol.PostAsync($"/api/me/offers/{offer.Id}/decline", null), HttpStatusCode.Conflict, "offer.not_open");

        var second = await Api.ReadAsync<OfferView>(await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", Offer("carol")), HttpStatusCode.Created);
        Assert.Equal(PartnershipState.Declined, (await Api.ReadAsync<OfferView>(await carol.PostAsync($"/api/me/offers/{second.Id}/decline", null))).State);
        await AssertProblem(await Member.PostAsync($"/api/brands/{Brand}/offers/{second.Id}/end", null), HttpStatusCode.Conflict, "partnership.not_active");

        var third = await Api.ReadAsync<OfferView>(await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", Offer("carol")), HttpStatusCode.Created);
        await AssertProblem(await carol.PostAsync($"/api/me/offers/{third.Id}/end", null), HttpStatusCode.Conflict, "partnership.not_active");
        var withdrawn = await Api.ReadAsync<OfferView>(await Member.PostAsync($"/api/brands/{Brand}/offers/{third.Id}/end", null));
        Assert.Equal((PartnershipState.Ended, "brand-lead"), (withdrawn.State, withdrawn.EndedBy));
        await AssertProblem(await carol.PostAsync($"/api/me/offers/{third.Id}/accept", null), HttpStatusCode.Conflict, "offer.not_open");

        // Another brand's member cannot end acme's partnership; carol can.
        await AssertProblem(await _platform.ClientFor("mallory", ["brand"], ["other"]).PostAsync($"/api/brands/other/offers/{offer.Id}/end", null),
            HttpStatusCode.NotFound, "offer.not_found");
        var ended = await Api.ReadAsync<OfferView>(await carol.PostAsync($"/api/me/offers/{offer.Id}/end", null));
        Assert.Equal((PartnershipState.Ended, "carol"), (ended.State, ended.EndedBy));
        Assert.Equal(3, (await Api.ReadAsync<List<OfferView>>(await Member.GetAsync($"/api/brands/{Brand}/offers"))).Count);

        string[] expected =
        [
            PartnershipEvents.Offered, PartnershipEvents.Accepted, PartnershipEvents.Offered, PartnershipEvents.Declined,
            PartnershipEvents.Offered, PartnershipEvents.Ended, PartnershipEvents.Ended,
        ];
        await _recorder.WaitUntilAsync(h => PartnershipMessages(h).Count >= expected.Length);
        var events = PartnershipMessages(_recorder.Handled);
        Assert.Equal(expected.Order(StringComparer.Ordinal), events.Select(e => e.Message.Type).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal("carol", e.Message.SessionId));
        var acceptedEvent = events.Single(e => e.Message.Type == PartnershipEvents.Accepted).Message.GetBody<PartnershipChanged>();
        Assert.Equal((offer.Id, Brand, "carol", "carol"), (acceptedEvent.OfferId, acceptedEvent.BrandId, acceptedEvent.CreatorId, acceptedEvent.ActorId));
        Assert.Equal("brand-lead", events.First(e => e.Message.Type == PartnershipEvents.Offered).Message.GetBody<PartnershipChanged>().ActorId);
    }

    [Fact]
    public async Task A_sponsorship_claim_needs_an_active_partnership_and_tagging_products_alone_is_labelled_only_during_one()
    {
        var productId = await SuggestionsApiTests.ProductAsync(_platform.ClientFor("owner", ["brand"], [Brand]), Brand);
        var dan = _platform.ClientFor("dan");

        var refused = await AssertProblem(await dan.PostAsJsonAsync("/api/notes", new { title = "合作", body = "好用", sponsored = true, partnerBrandId = Brand }),
            HttpStatusCode.UnprocessableEntity, "sponsorship.no_partnership");
        Assert.Equal(Brand, refused.GetProperty("partnerBrandId").GetString());
        // Tagging the brand's product without a partnership is an ordinary note: no label is forced on it.
        Assert.False((await Api.CreateNoteAsync(dan, new { title = "自购", body = "好用", productIds = new[] { productId } })).Sponsored);

        var offer = await Api.ReadAsync<OfferView>(await Member.PostAsJsonAsync($"/api/brands/{Brand}/offers", Offer("dan")), HttpStatusCode.Created);
        // An offer not yet accepted allows no claim either.
        await AssertProblem(await dan.PostAsJsonAsync("/api/notes", new { title = "合作", body = "好用", sponsored = true, partnerBrandId = Brand }),
            HttpStatusCode.UnprocessableEntity, "sponsorship.no_partnership");
        await Api.ReadAsync<OfferView>(await dan.PostAsync($"/api/me/offers/{offer.Id}/accept", null));

        // While active, the disclosure rule holds on top: tagging the brand's product needs the label.
        await AssertProblem(await dan.PostAsJsonAsync("/api/notes", new { title = "新品", body = "好用", productIds = new[] { productId } }),
            HttpStatusCode.UnprocessableEntity, "note.disclosure_required");
        var sponsored = await Api.CreateNoteAsync(dan, new { title = "新品", body = "好用", productIds = new[] { productId }, sponsored = true, partnerBrandId = Brand });
        Assert.True(sponsored.Sponsored);

        await Api.ReadAsync<OfferView>(await Member.PostAsync($"/api/brands/{Brand}/offers/{offer.Id}/end", null));
        // The paid note keeps its label through edits; a new claim is refused; tagging alone is ordinary again.
        var edited = await Api.ReadAsync<NoteResponse>(await Api.PatchNoteAsync(dan, sponsored, new { title = "新品（更新）" }));
        Assert.True(edited.Sponsored);
        await AssertProblem(await dan.PostAsJsonAsync("/api/notes", new { title = "合作", body = "好用", sponsored = true, partnerBrandId = Brand }),
            HttpStatusCode.UnprocessableEntity, "sponsorship.no_partnership");
        Assert.False((await Api.CreateNoteAsync(dan, new { title = "自购", body = "好用", productIds = new[] { productId } })).Sponsored);
    }

    [Fact]
    public async Task A_handed_off_draft_is_published_by_its_creator_with_products_brand_and_ai_label_and_shows_in_the_campaign()
    {
        var productId = await SuggestionsApiTests.ProductAsync(_platform.ClientFor("owner", ["brand"], [Brand]), Brand);
        var accepted = await Member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new { productIds = new[] { productId }, goal = "新品种草", variants = 2 });
        var url = (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!.StatusUrl;
        var suggestion = await SuggestionsApiTests.PollAsync(Member, url);
        var draft = suggestion.Drafts[0];

        var partnership = await PartnerAsync(Member, _platform.ClientFor("erin"), Brand, "erin");
        var handOff = await Member.PostAsJsonAsync($"{url}/drafts/{draft.Id}/handoff", new { creatorId = "erin", message = "用你的语气改改" });
        Assert.Equal(HttpStatusCode.OK, handOff.StatusCode);

        var erin = _platform.ClientFor("erin");
        var inbox = Assert.Single(await Api.ReadAsync<List<CreatorDraftView>>(await erin.GetAsync("/api/me/drafts")));
        Assert.Equal((partnership.Id, Brand, draft.Id, draft.Title), (inbox.OfferId, inbox.BrandId, inbox.Draft.DraftId, inbox.Draft.Title));
        Assert.Equal([productId], inbox.Draft.ProductIds);
        Assert.True(inbox.Draft.AiAssisted);
        Assert.Equal("用你的语气改改", inbox.Draft.Message);
        await AssertProblem(await _platform.ClientFor("mallory").GetAsync($"/api/me/drafts/{draft.Id}"), HttpStatusCode.NotFound, "draft.not_found");
        await AssertProblem(await _platform.ClientFor("mallory").PostAsJsonAsync($"/api/me/drafts/{draft.Id}/publish", new { }), HttpStatusCode.NotFound, "draft.not_found");

        // The creator edits the title, keeps the model's body: the note is sponsored, tags the products and stays labelled.
        var published = await erin.PostAsJsonAsync($"/api/me/drafts/{draft.Id}/publish", new { title = "通勤一个月的真实感受" });
        var note = await Api.ReadAsync<NoteResponse>(published, HttpStatusCode.Created);
        Assert.Equal(("通勤一个月的真实感受", draft.Body, "erin"), (note.Title, note.Body, note.AuthorId));
        Assert.Equal([productId], note.ProductIds);
        Assert.True(note.Sponsored && note.AiAssisted);
        Assert.Equal(Brand, note.PartnerBrandId);
        var read = await Api.ReadAsync<NoteResponse>(await _platform.ClientFor("reader").GetAsync($"/api/notes/{note.Id}"));
        Assert.True(read.AiAssisted && read.Sponsored);
        var afterEdit = await Api.ReadAsync<NoteResponse>(await Api.PatchNoteAsync(erin, note, new { body = "全部重写了一遍" }));
        Assert.True(afterEdit.AiAssisted);

        await AssertProblem(await erin.PostAsJsonAsync($"/api/me/drafts/{draft.Id}/publish", new { }), HttpStatusCode.Conflict, "draft.already_published");
        Assert.Empty(await Api.ReadAsync<List<CreatorDraftView>>(await erin.GetAsync("/api/me/drafts")));
        await _recorder.WaitUntilAsync(h => h.Any(m => m.Message.Type == PartnershipEvents.DraftHandedOff));
        var handedOff = _recorder.Handled.Single(m => m.Message.Type == PartnershipEvents.DraftHandedOff).Message.GetBody<DraftHandedOff>();
        Assert.Equal((Brand, suggestion.Id, draft.Id, "erin", "brand-lead"), (handedOff.BrandId, handedOff.SuggestionId, handedOff.DraftId, handedOff.CreatorId, handedOff.ActorId));

        // Campaign numbers: a like by a reader and an order attributed to the note (129.00).
        Assert.Equal(HttpStatusCode.OK, (await _platform.ClientFor("reader").PutAsync($"/api/notes/{note.Id}/like", null)).StatusCode);
        await _platform.Services.GetRequiredService<ContentAnalyticsHandler>().HandleAsync(
            new ContentEvent { EventId = Ids.New(), NoteId = note.Id, Kind = ContentEventKind.Order, Delta = 1, Revenue = 129m }, CancellationToken.None);
        await AssertProblem(await _platform.ClientFor("mallory", ["brand"], ["other"]).GetAsync($"/api/brands/{Brand}/campaigns"), HttpStatusCode.Forbidden, "brand.member_only");

        var campaign = await EventuallyAsync(async () =>
            Assert.Single(await Api.ReadAsync<List<CampaignView>>(await Member.GetAsync($"/api/brands/{Brand}/campaigns"))),
            c => c.Funnel.Likes == 1);
        Assert.Equal((partnership.Id, "erin", PartnershipState.Active, 1), (campaign.OfferId, campaign.CreatorId, campaign.State, campaign.DraftsHandedOff));
        var campaignNote = Assert.Single(campaign.Notes);
        Assert.Equal((note.Id, true, true), (campaignNote.NoteId, campaignNote.FromDraft, campaignNote.AiAssisted));
        Assert.Equal((1L, 129m), (campaign.Orders, campaign.Revenue));
        Assert.Equal((1L, 1L, 129m), (campaignNote.Funnel.Likes, campaignNote.Funnel.Orders, campaignNote.Funnel.Revenue));
    }

    [Fact]
    public async Task Brands_find_creators_by_topic_followers_and_engagement_and_opted_out_creators_never_appear()
    {
        foreach (var (author, title) in new[] { ("fay", "露营装备清单"), ("gus", "第一次露营"), ("hal", "通勤穿搭") })
        {
            await Api.CreateNoteAsync(_platform.ClientFor(author), new { title, body = author == "hal" ? "#穿搭" : "周末去山里 #露营" });
        }

        Assert.Equal(HttpStatusCode.OK, (await _platform.ClientFor("gus").PutAsJsonAsync("/api/me/profile", new { discoverableByBrands = false })).StatusCode);
        var own = await Api.ReadAsync<ProfileView>(await _platform.ClientFor("gus").GetAsync("/api/users/gus"));
        Assert.False(own.DiscoverableByBrands);
        Assert.Null((await Api.ReadAsync<ProfileView>(await _platform.ClientFor("fay").GetAsync("/api/users/gus"))).DiscoverableByBrands);
        Assert.Equal(HttpStatusCode.OK, (await _platform.ClientFor("ivy").PutAsync("/api/users/fay/follow", null)).StatusCode);

        // Both camping notes are searchable before discovery is asked.
        await EventuallyAsync(async () => await _platform.Services.GetRequiredService<ISearchIndex>()
            .SearchAsync(new NoteSearchQuery { Topics = ["露营"] }, CancellationToken.None), r => r.Total == 2);
        await AssertProblem(await _platform.ClientFor("mallory", ["brand"], ["other"]).GetAsync($"/api/brands/{Brand}/creators?topic=露营"),
            HttpStatusCode.Forbidden, "brand.member_only");

        var found = await EventuallyAsync(async () =>
            await Api.ReadAsync<List<CreatorCard>>(await Member.GetAsync($"/api/brands/{Brand}/creators?topic=露营")), c => c.Count == 1 && c[0].Followers == 1);
        var fay = Assert.Single(found);
        Assert.Equal(("fay", 1, "露营装备清单"), (fay.UserId, fay.NotesInTopic, Assert.Single(fay.RecentNotes).Title));
        Assert.Single(await Api.ReadAsync<List<CreatorCard>>(await Member.GetAsync($"/api/brands/{Brand}/creators?topic=露营&minFollowers=1")));
        Assert.Empty(await Api.ReadAsync<List<CreatorCard>>(await Member.GetAsync($"/api/brands/{Brand}/creators?topic=露营&minFollowers=2")));
        Assert.Empty(await Api.ReadAsync<List<CreatorCard>>(await Member.GetAsync($"/api/brands/{Brand}/creators?topic=露营&minEngagementRate=1")));
        Assert.DoesNotContain(await Api.ReadAsync<List<CreatorCard>>(await Member.GetAsync($"/api/brands/{Brand}/creators")), c => c.UserId == "gus");

        // Opting back in brings gus back.
        Assert.Equal(HttpStatusCode.OK, (await _platform.ClientFor("gus").PutAsJsonAsync("/api/me/profile", new { discoverableByBrands = true })).StatusCode);
        Assert.Equal(["fay", "gus"], (await Api.ReadAsync<List<CreatorCard>>(await Member.GetAsync($"/api/brands/{Brand}/creators?topic=露营"))).Select(c => c.UserId).Order(StringComparer.Ordinal));
    }

    private static List<Handled> PartnershipMessages(IReadOnlyList<Handled> handled) =>
        handled.Where(h => h.Message.Type.StartsWith("partnership.", StringComparison.Ordinal)).ToList();

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value) || limit.IsCancellationRequested)
            {
                return value;
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public void Dispose() => _platform.Dispose();
}
