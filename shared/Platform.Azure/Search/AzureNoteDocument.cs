using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Platform.Core.Search;

namespace Platform.Azure.Search;

/// <summary>A note in the Azure AI Search index; <see cref="FieldBuilder"/> turns these attributes into the index's fields.</summary>
internal sealed class AzureNoteDocument
{
    [SimpleField(IsKey = true, IsFilterable = true)]
    public string Id { get; set; } = "";

    [SimpleField(IsFilterable = true)]
    public string AuthorId { get; set; } = "";

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.ZhHansLucene)]
    public string Title { get; set; } = "";

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.ZhHansLucene)]
    public string Body { get; set; } = "";

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.ZhHansLucene)]
    public IList<string> Topics { get; set; } = [];

    // The same text again as CJK bigrams after normalisation (Traditional → Simplified), like the embedded engine's *_cjk
    // fields: 防晒 finds 防晒霜 however the segmenter splits it, and a Simplified query finds a note written in Traditional.
    [SearchableField(AnalyzerName = AzureNoteIndexDefinition.BigramAnalyzer, IsHidden = true)]
    public string TitleGrams { get; set; } = "";

    [SearchableField(AnalyzerName = AzureNoteIndexDefinition.BigramAnalyzer, IsHidden = true)]
    public string BodyGrams { get; set; } = "";

    [SearchableField(AnalyzerName = AzureNoteIndexDefinition.BigramAnalyzer, IsHidden = true)]
    public IList<string> TopicsGrams { get; set; } = [];

    // Pinyin of the title and topics (PinyinText, the same code as the embedded engine), filled here at index time:
    // "xia tian fang shai shuang tui jian" and "x t f s s t j"; queries match them as phrases.
    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.Whitespace, IsHidden = true)]
    public string TitlePinyin { get; set; } = "";

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.Whitespace, IsHidden = true)]
    public string TitleInitials { get; set; } = "";

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.Whitespace, IsHidden = true)]
    public IList<string> TopicsPinyin { get; set; } = [];

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.Whitespace, IsHidden = true)]
    public IList<string> TopicsInitials { get; set; } = [];

    /// <summary>See <see cref="NoteSearchDocument.TopicKeys"/>.</summary>
    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public IList<string> TopicKeys { get; set; } = [];

    [SimpleField(IsFilterable = true)]
    public bool Sponsored { get; set; }

    [SimpleField(IsFilterable = true, IsSortable = true)]
    public DateTimeOffset CreatedAt { get; set; }

    // Counters are nullable so that a merge without them (a note edit) leaves the index's values alone.
    [SimpleField]
    public long? Likes { get; set; }

    [SimpleField]
    public long? Collects { get; set; }

    [SimpleField]
    public long? Comments { get; set; }

    [SimpleField]
    public long? Shares { get; set; }

    [SimpleField(IsFilterable = true, IsSortable = true)]
    public long? Popularity { get; set; }

    [SimpleField]
    public long? Views { get; set; }

    /// <summary>The smoothed engagement rate "popular" sorts by (<see cref="SearchRanking.EngagementRate"/>), computed on write.</summary>
    [SimpleField(IsFilterable = true, IsSortable = true)]
    public double? EngagementRate { get; set; }

    public static AzureNoteDocument From(NoteSearchDocument note, SearchRanking ranking)
    {
        var document = new AzureNoteDocument
        {
            Id = note.Id,
            AuthorId = note.AuthorId,
            Title = note.Title,
            Body = note.Body,
            Topics = [.. note.Topics],
            TitleGrams = note.Title,
            BodyGrams = note.Body,
            TopicsGrams = [.. note.Topics],
            TitlePinyin = PinyinText.Full(note.Title),
            TitleInitials = PinyinText.Initials(note.Title),
            TopicsPinyin = [.. note.Topics.Select(PinyinText.Full)],
            TopicsInitials = [.. note.Topics.Select(PinyinText.Initials)],
            TopicKeys = [.. note.TopicKeys],
            Sponsored = note.Sponsored,
            CreatedAt = note.CreatedAt,
        };
        if (note.Engagement is { } counts)
        {
            document.SetCounts(counts, ranking.EngagementRate(counts));
        }

        return document;
    }

    public void SetCounts(EngagementCounts counts, double engagementRate)
    {
        Views = counts.Views;
        EngagementRate = engagementRate;
        Likes = counts.Likes;
        Collects = counts.Collects;
        Comments = counts.Comments;
        Shares = counts.Shares;
        Popularity = counts.Popularity;
    }

    public EngagementCounts ToCounts() => new(Likes ?? 0, Collects ?? 0, Comments ?? 0, Shares ?? 0, Views ?? 0);
}

/// <summary>Only the ranking fields, for a merge that leaves a document's text untouched.</summary>
internal sealed class AzureEngagementDocument
{
    public string Id { get; set; } = "";

    public long Likes { get; set; }

    public long Collects { get; set; }

    public long Comments { get; set; }

    public long Shares { get; set; }

    public long Popularity { get; set; }

    public long Views { get; set; }

    public double EngagementRate { get; set; }

    public static AzureEngagementDocument From(EngagementUpdate update, SearchRanking ranking) => new()
    {
        Views = update.Counts.Views,
        EngagementRate = ranking.EngagementRate(update.Counts),
        Id = update.NoteId,
        Likes = update.Counts.Likes,
        Collects = update.Counts.Collects,
        Comments = update.Counts.Comments,
        Shares = update.Counts.Shares,
        Popularity = update.Counts.Popularity,
    };
}
