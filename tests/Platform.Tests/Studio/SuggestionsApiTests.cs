using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Notes;
using Platform.Core.Studio;
using Platform.Core.Studio.Analytics;
using Platform.Tests.Support;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Platform.Tests.Studio;

/// <summary>Draft suggestions over HTTP against the embedded host, as a brand member's client would use them.</summary>
public sealed class SuggestionsApiTests : IDisposable
{
    private const string Brand = "acme";
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public async Task A_brand_member_gets_ranked_compliant_labelled_drafts_grounded_in_what_performs()
    {
        var platform = Platform();
        await SeedAsync(platform);
        var member = Member(platform);
        var productId = await ProductAsync(platform);

        var accepted = await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new
        {
            productIds = new[] { productId },
            goal = "新品防晒种草",
            audience = "通勤的年轻女性",
            tone = "真诚",
            language = "zh",
            variants = 4,
            keyMessages = new[] { "全网最好用的轻薄防晒", "SPF50+ PA++++，咨询加微信 sunny_2024" },
            topics = new[] { "防晒" },
        });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var ticket = (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!;
        Assert.Equal($"/api/brands/{Brand}/suggestions/{ticket.Id}", accepted.Headers.Location?.ToString());
        Assert.Equal(accepted.Headers.Location?.ToString(), ticket.StatusUrl);

        var suggestion = await PollAsync(member, ticket.StatusUrl);
        Assert.Equal(SuggestionStatus.Succeeded, suggestion.Status);
        Assert.True(suggestion.Offline);
        Assert.Equal(OfflineDraftGenerator.GeneratorName, suggestion.Generator);
        Assert.Equal(TokenUsage.None, suggestion.Usage);
        Assert.Equal(0m, suggestion.Cost);
        Assert.Equal("topic:防晒", suggestion.Grounding!.InsightScope);
        Assert.Equal(["轻透防晒乳 SPF50+"], suggestion.Grounding.Products);
        Assert.NotEmpty(suggestion.Grounding.ExemplarTitles);

        Assert.Equal(4, suggestion.Drafts.Count);
        Assert.Equal([1, 2, 3, 4], suggestion.Drafts.Select(d => d.Rank));
        Assert.Equal(suggestion.Drafts.OrderByDescending(d => d.Score.PredictedEngagementRate).Select(d => d.Id), suggestion.Drafts.Select(d => d.Id));
        Assert.All(suggestion.Drafts, d =>
        {
            Assert.NotEqual(DraftCompliance.Flagged, d.Compliance);
            Assert.True(d.Labels.Sponsored && d.Labels.AiAssisted);
            Assert.Equal(Brand, d.Labels.PartnerBrandId);
            Assert.True(d.Note.Sponsored);
            Assert.Equal(Brand, d.Note.PartnerBrandId);
            Assert.InRange(Text.VisibleLength(d.Title), 1, 100);
            Assert.InRange(Text.VisibleLength(d.Body), 1, 1000);
            Assert.InRange(d.Topics.Count, 1, 10);
            Assert.DoesNotContain("最好", d.Body);
            Assert.DoesNotContain("sunny_2024", d.Body);
            Assert.Contains(d.Findings, f => f.Rule == BaselineIntegrityRules.AbsoluteTerm && f.Action == FindingAction.Repaired);
            Assert.Contains(d.Findings, f => f.Rule.StartsWith("contact.", StringComparison.Ordinal) && f.Action == FindingAction.Repaired);
            Assert.NotEmpty(d.Score.Contributions);
            Assert.False(string.IsNullOrWhiteSpace(d.Score.Explanation));
            Assert.StartsWith("Offline template", d.WhyItWorks, StringComparison.Ordinal);
            Assert.Contains("清爽不油腻", d.Body); // a catalogue fact
        });
        // Numbered titles perform in the seeded analytics: a numbered draft is ranked first and says why.
        Assert.Contains(suggestion.Drafts[0].Score.Contributions, c => c.Feature == NoteFeatures.TitleNumber && c.Effect > 0);

        // A creator partnered with the brand publishes a draft as a sponsored note through the notes API.
        await Collaboration.CollaborationApiTests.PartnerAsync(member, platform.ClientFor("creator-1"), Brand, "creator-1");
        var published = await platform.ClientFor("creator-1").PostAsJsonAsync("/api/notes", suggestion.Drafts[0].Note, PlatformJson.Options);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
    }

    [Fact]
    public async Task Someone_outside_the_brand_gets_403_and_nobody_anonymous_gets_in()
    {
        var platform = Platform();
        var brief = new { productIds = new[] { "p1" }, goal = "launch" };

        var otherBrand = platform.ClientFor("bob", ["brand"], ["globex"]);
        await AssertProblem(await otherBrand.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", brief), HttpStatusCode.Forbidden, "studio.not_brand_member");
        var noRole = platform.ClientFor("carol", [], [Brand]);
        await AssertProblem(await noRole.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", brief), HttpStatusCode.Forbidden, "studio.not_brand_member");
        await AssertProblem(await platform.CreateClient().PostAsJsonAsync($"/api/brands/{Brand}/suggestions", brief), HttpStatusCode.Unauthorized, "auth.required");

        var accepted = await Member(platform).PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new { productIds = new[] { await ProductAsync(platform) }, goal = "launch" });
        var ticket = (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!;
        await AssertProblem(await otherBrand.GetAsync(ticket.StatusUrl), HttpStatusCode.Forbidden, "studio.not_brand_member");
        await AssertProblem(await otherBrand.GetAsync($"/api/brands/{Brand}/analytics"), HttpStatusCode.Forbidden, "studio.not_brand_member");
    }

    [Fact]
    public async Task The_daily_quota_answers_429_with_retry_after()
    {
        var platform = Platform(new() { ["Platform:Studio:DailyRequestQuota"] = "2" });
        var member = Member(platform);
        var brief = new { productIds = new[] { await ProductAsync(platform) }, goal = "launch" };

        Assert.Equal(HttpStatusCode.Accepted, (await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", brief)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", brief)).StatusCode);
        var refused = await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", brief);

        await AssertProblem(refused, HttpStatusCode.TooManyRequests, "studio.quota_exceeded");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 86_400);

        // Another brand has its own quota.
        var other = platform.ClientFor("dan", ["brand"], ["globex"]);
        var theirs = new { productIds = new[] { await ProductAsync(platform, "globex") }, goal = "launch" };
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsJsonAsync("/api/brands/globex/suggestions", theirs)).StatusCode);

        // A brief naming another brand's product is refused (and costs no quota).
        await AssertProblem(await other.PostAsJsonAsync("/api/brands/globex/suggestions", brief), HttpStatusCode.BadRequest, "studio.unknown_product");
    }

    [Fact]
    public async Task A_bad_brief_is_400_with_every_problem()
    {
        var member = Member(Platform());

        var response = await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new { productIds = Array.Empty<string>(), goal = "", language = "fr", variants = 9 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        foreach (var field in new[] { "productIds", "goal", "language", "variants" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Drafts_are_edited_with_checks_discarded_and_handed_off()
    {
        var platform = Platform();
        var member = Member(platform);
        var accepted = await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new { productIds = new[] { await ProductAsync(platform) }, goal = "launch", language = "en", variants = 3 });
        var url = (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!.StatusUrl;
        var suggestion = await PollAsync(member, url);
        var (first, second, third) = (suggestion.Drafts[0], suggestion.Drafts[1], suggestion.Drafts[2]);

        var noEtag = await member.PatchAsJsonAsync($"{url}/drafts/{first.Id}", new { title = "x" });
        await AssertProblem(noEtag, (HttpStatusCode)428, "studio.if_match_required");

        var edit = new HttpRequestMessage(HttpMethod.Patch, $"{url}/drafts/{first.Id}") { Content = JsonContent.Create(new { title = "The best sunscreen for 3 commutes" }) };
        edit.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{suggestion.ETag}\""));
        var edited = await member.SendAsync(edit);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = (await edited.Content.ReadFromJsonAsync<SuggestionResponse>(PlatformJson.Options))!.Drafts.Single(d => d.Id == first.Id);
        Assert.Equal(DraftState.Edited, afterEdit.State);
        Assert.Equal(DraftCompliance.Repaired, afterEdit.Compliance);
        Assert.DoesNotContain("best", afterEdit.Title, StringComparison.OrdinalIgnoreCase);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"{url}/drafts/{first.Id}") { Content = JsonContent.Create(new { title = "lost" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{suggestion.ETag}\""));
        await AssertProblem(await member.SendAsync(stale), HttpStatusCode.PreconditionFailed, "studio.etag_mismatch");

        var discarded = (await (await member.DeleteAsync($"{url}/drafts/{second.Id}")).Content.ReadFromJsonAsync<SuggestionResponse>(PlatformJson.Options))!;
        Assert.Equal(DraftState.Discarded, discarded.Drafts[^1].State);
        Assert.Equal(3, discarded.Drafts[^1].Rank);

        // Drafts go only to creators who accepted an offer from the brand.
        await AssertProblem(await member.PostAsJsonAsync($"{url}/drafts/{third.Id}/handoff", new { creatorId = "creator-7" }), HttpStatusCode.UnprocessableEntity, "partnership.required");
        await Collaboration.CollaborationApiTests.PartnerAsync(member, platform.ClientFor("creator-7"), Brand, "creator-7");
        var handOff = await member.PostAsJsonAsync($"{url}/drafts/{third.Id}/handoff", new { creatorId = "creator-7", message = "Please adapt to your voice" });
        Assert.Equal(HttpStatusCode.OK, handOff.StatusCode);
        var handed = (await handOff.Content.ReadFromJsonAsync<SuggestionResponse>(PlatformJson.Options))!.Drafts.Single(d => d.Id == third.Id);
        Assert.Equal((DraftState.HandedOff, "creator-7"), (handed.State, handed.HandedOffTo));

        await AssertProblem(await member.PostAsJsonAsync($"{url}/drafts/{second.Id}/handoff", new { creatorId = "creator-7" }), HttpStatusCode.Conflict, "studio.draft_closed");
        await AssertProblem(await member.PostAsJsonAsync($"{url}/drafts/{first.Id}/handoff", new { }), HttpStatusCode.BadRequest, "studio.creator_required");
        await AssertProblem(await member.DeleteAsync($"{url}/drafts/nope"), HttpStatusCode.NotFound, "studio.draft_not_found");

        var list = (await member.GetFromJsonAsync<SuggestionPage>($"/api/brands/{Brand}/suggestions", PlatformJson.Options))!;
        Assert.Equal(suggestion.Id, Assert.Single(list.Items).Id);
    }

    [Fact]
    public async Task With_a_model_configured_the_drafts_come_from_it_with_tokens_and_cost()
    {
        var server = Model();
        server.Given(Chat()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody(Completion(StudioFixtures.DraftsJson(2, title: "最好的3个防晒技巧"))));
        var platform = Platform(ModelSettings(server));
        await SeedAsync(platform);
        var member = Member(platform);

        var accepted = await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new { productIds = new[] { await ProductAsync(platform) }, goal = "种草", variants = 2, topics = new[] { "防晒" } });
        var suggestion = await PollAsync(member, (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!.StatusUrl);

        Assert.Equal(SuggestionStatus.Succeeded, suggestion.Status);
        Assert.False(suggestion.Offline);
        Assert.Equal("openai-compatible", suggestion.Generator);
        Assert.Equal(new TokenUsage(812, 345), suggestion.Usage);
        Assert.Equal((812 * 2.50m + 345 * 10.00m) / 1_000_000m, suggestion.Cost);
        Assert.All(suggestion.Drafts, d =>
        {
            Assert.Equal(DraftCompliance.Repaired, d.Compliance);
            Assert.DoesNotContain("最好", d.Title);
            Assert.True(d.Labels.Sponsored && d.Labels.AiAssisted);
        });

        var prompt = string.Join("\n", JsonDocument.Parse(server.LogEntries.Single().RequestMessage.Body!).RootElement
            .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Contains("#防晒", prompt);
        Assert.Contains("轻透防晒乳 SPF50+", prompt); // catalogue facts
        Assert.Contains("price 129 CNY", prompt);
        Assert.DoesNotContain("author-", prompt); // exemplar notes' authors never reach the model
        Assert.DoesNotContain("brand-lead", prompt); // nor the member who asked
    }

    [Fact]
    public async Task A_model_that_stays_rate_limited_leaves_a_clear_failed_status()
    {
        var server = Model();
        server.Given(Chat()).RespondWith(Response.Create().WithStatusCode(429).WithHeader("retry-after-ms", "10"));
        var settings = ModelSettings(server);
        settings["Platform:OpenAI:MaxAttempts"] = "2";
        var platform = Platform(settings);
        var member = Member(platform);

        var accepted = await member.PostAsJsonAsync($"/api/brands/{Brand}/suggestions", new { productIds = new[] { await ProductAsync(platform) }, goal = "launch" });
        var suggestion = await PollAsync(member, (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!.StatusUrl);

        Assert.Equal(SuggestionStatus.Failed, suggestion.Status);
        Assert.Equal("generator.rate_limited", suggestion.Failure!.Code);
        Assert.Equal(2, suggestion.Attempts);
        Assert.Empty(suggestion.Drafts);
        Assert.Equal(2, server.LogEntries.Count);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private EmbeddedPlatform Platform(Dictionary<string, string?>? settings = null)
    {
        var platform = new EmbeddedPlatform(settings);
        _owned.Add(platform);
        return platform;
    }

    private WireMockServer Model()
    {
        var server = WireMockServer.Start();
        _owned.Add(server);
        return server;
    }

    private static Dictionary<string, string?> ModelSettings(WireMockServer server) => new()
    {
        ["Platform:OpenAI:Endpoint"] = server.Url + "/v1",
        ["Platform:OpenAI:Deployment"] = "gpt-4o",
        ["Platform:OpenAI:ApiKey"] = "local-key",
    };

    /// <summary>A brand with a shop and one active product (as the commerce API creates them); returns the product id.</summary>
    internal static Task<string> ProductAsync(EmbeddedPlatform platform, string brandId = Brand) =>
        ProductAsync(platform.ClientFor("owner-" + brandId, ["brand"], [brandId]), brandId);

    /// <summary>The same with <paramref name="owner"/>, a client of a member of <paramref name="brandId"/>.</summary>
    internal static async Task<string> ProductAsync(HttpClient owner, string brandId)
    {
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/brands/{brandId}", new { name = brandId.ToUpperInvariant(), description = "护肤" })).StatusCode);
        var shop = await owner.PostAsJsonAsync($"/api/brands/{brandId}/shops", new { name = "旗舰店", currency = "CNY", shippingFeeMinor = 800 });
        var shopId = JsonDocument.Parse(await shop.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var product = await owner.PostAsJsonAsync($"/api/shops/{shopId}/products", new
        {
            title = "轻透防晒乳 SPF50+",
            description = "清爽不油腻。通勤也能轻松补涂",
            skus = new object[] { new { attributes = new Dictionary<string, string> { ["规格"] = "50ml" }, priceMinor = 12900, stock = 10 } },
        });
        Assert.Equal(HttpStatusCode.Created, product.StatusCode);
        return JsonDocument.Parse(await product.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static HttpClient Member(EmbeddedPlatform platform) => platform.ClientFor("brand-lead", ["brand"], [Brand]);

    // Notes by creators, then the events the notes, community and commerce features would publish about them.
    private static async Task SeedAsync(EmbeddedPlatform platform)
    {
        var ids = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            var author = platform.ClientFor($"author-{i}");
            var created = await author.PostAsJsonAsync("/api/notes", new { title = i % 2 == 0 ? $"{3 + (i % 4)}个防晒小技巧" : "通勤防晒分享", body = $"第{i}篇 清爽不油腻 #防晒" });
            ids.Add((await created.Content.ReadFromJsonAsync<NoteResponse>(PlatformJson.Options))!.Id);
        }

        var handler = platform.Services.GetRequiredService<ContentAnalyticsHandler>();
        foreach (var e in AnalyticsSeed.Events(notes: 24, brandId: Brand, noteIds: i => ids[i]))
        {
            await handler.HandleAsync(e, CancellationToken.None);
        }
    }

    internal static async Task<SuggestionResponse> PollAsync(HttpClient client, string url)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var suggestion = (await client.GetFromJsonAsync<SuggestionResponse>(url, PlatformJson.Options, limit.Token))!;
            if (suggestion.Status is SuggestionStatus.Succeeded or SuggestionStatus.Failed)
            {
                return suggestion;
            }

            await Task.Delay(50, limit.Token);
        }
    }

    private static IRequestBuilder Chat() => Request.Create().WithPath(new WildcardMatcher("*/chat/completions")).UsingPost();

    private static string Completion(string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_760_000_000,
        model = "gpt-4o-2024-08-06",
        choices = new[] { new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 812, completion_tokens = 345, total_tokens = 1157 },
    });
}
