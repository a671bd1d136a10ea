using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Notes;
using Platform.Core.Search;
using Platform.Core.Studio;
using Platform.Embedded.Search;

namespace Platform.Tests.Studio;

/// <summary>A brief aimed at a search query: the prompt asks for it, and the offline drafts say it so that searching it finds them.</summary>
public sealed class TargetQueryDraftTests : IDisposable
{
    private const string Query = "敏感肌 防晒 推荐";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("target-query-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static DraftBrief Brief(string? targetQuery, string language = "zh") => new CreateSuggestionRequest(
        ["sunscreen-50"], "新品防晒的种草", "通勤的年轻女性", "真诚", language, 3, ["SPF50+ PA++++", "清爽不油腻"], ["防晒"], targetQuery).ToBrief();

    private static DraftPrompt Prompt(DraftBrief brief) =>
        new DraftPromptBuilder(Options.Create(new NoteLimitsOptions())).Build(brief, StudioFixtures.Grounding());

    [Fact]
    public void The_brief_keeps_a_tidied_target_query_and_refuses_a_long_one()
    {
        Assert.Equal("敏感肌 防晒 推荐", Brief("  敏感肌   防晒 推荐 ").TargetQuery);
        Assert.Null(Brief("  ").TargetQuery);
        var e = Assert.Throws<PlatformException>(() => Brief(new string('防', CreateSuggestionRequest.MaxTargetQueryLength + 1)));
        Assert.Contains("targetQuery", e.FieldErrors!.Keys);
    }

    [Fact]
    public void The_prompt_asks_to_answer_the_target_query_only_when_there_is_one()
    {
        Assert.Contains($"Target search query (readers search this and find too little; answer it): {Query}", Prompt(Brief(Query)).UserMessage);
        Assert.DoesNotContain("Target search query", Prompt(Brief(null)).UserMessage);
    }

    [Fact]
    public async Task Offline_drafts_say_the_query_in_their_own_words_and_search_finds_them_for_it()
    {
        var result = await new OfflineDraftGenerator().GenerateAsync(Prompt(Brief(Query + " #通勤")), CancellationToken.None);

        Assert.All(result.Drafts, d =>
        {
            foreach (var term in new[] { "敏感肌", "防晒", "推荐" })
            {
                Assert.Contains(term, d.Title);
                Assert.Contains(term, d.Body);
            }

            Assert.DoesNotContain("关键词", d.Body);
            Assert.Contains("通勤", d.Topics);
        });

        using var index = new LuceneSearchIndex(_folder.FullName, new SearchRanking(new SearchOptions()), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var draft = result.Drafts[0];
        await index.UpsertAsync(
        [
            new NoteSearchDocument { Id = "draft", AuthorId = "brand", Title = draft.Title, Body = draft.Body, Topics = draft.Topics, CreatedAt = now },
            new NoteSearchDocument { Id = "other-1", AuthorId = "u1", Title = "夏天防晒喷雾", Body = "户外补涂很方便", Topics = ["防晒"], CreatedAt = now },
            new NoteSearchDocument { Id = "other-2", AuthorId = "u2", Title = "敏感肌的面霜", Body = "换季修护", Topics = ["护肤"], CreatedAt = now },
        ], CancellationToken.None);

        var (terms, _) = SearchText.Parse(Query);
        var found = await index.SearchAsync(new NoteSearchQuery { Terms = terms }, CancellationToken.None);

        var first = found.Hits[0];
        Assert.Equal(("draft", SearchMatch.Exact), (first.Id, first.Match));
    }

    [Fact]
    public async Task Offline_english_drafts_lead_with_the_query()
    {
        var result = await new OfflineDraftGenerator().GenerateAsync(Prompt(Brief("sunscreen for oily skin", "en")), CancellationToken.None);

        Assert.All(result.Drafts, d =>
        {
            Assert.StartsWith("sunscreen for oily skin: ", d.Title, StringComparison.Ordinal);
            Assert.Contains("sunscreen for oily skin", d.Body);
        });
    }

    [Fact]
    public async Task Without_a_target_query_the_offline_drafts_are_as_before()
    {
        var result = await new OfflineDraftGenerator().GenerateAsync(Prompt(Brief(null)), CancellationToken.None);

        Assert.All(result.Drafts, d => Assert.DoesNotContain("常有人搜", d.Body));
    }
}
