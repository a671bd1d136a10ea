using System.Text.Json.Serialization;
using Platform.Core.Common;

namespace Platform.Core.Studio;

/// <summary>What a brand asks the studio to draft: for which products, to what end, for whom, in what voice.</summary>
public sealed record DraftBrief
{
    public const int MaxProducts = 5;
    public const int MaxVariants = 5;

    public required IReadOnlyList<string> ProductIds { get; init; }

    /// <summary>What the note should achieve, e.g. "launch awareness" or "drive trial of the travel size".</summary>
    public required string Goal { get; init; }

    public required string Audience { get; init; }

    public required string Tone { get; init; }

    /// <summary><c>zh</c> or <c>en</c>.</summary>
    public required string Language { get; init; }

    /// <summary>How many drafts to produce, 1-5.</summary>
    public required int Variants { get; init; }

    /// <summary>Selling points the brand wants said (they are checked like everything else).</summary>
    public IReadOnlyList<string> KeyMessages { get; init; } = [];

    /// <summary>Topics whose insights and exemplars should ground the drafts; empty uses the products' own.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>
    /// A search query the drafts should answer (from the brand's search demand): the prompt asks for it, the exemplars come from
    /// searching it, and the drafts use its words naturally so readers who search it find them. Null for none.
    /// </summary>
    public string? TargetQuery { get; init; }

    [JsonIgnore]
    public bool IsChinese => Language == Languages.Chinese;
}

public static class Languages
{
    public const string Chinese = "zh";
    public const string English = "en";
}

/// <summary>Body of <c>POST /api/brands/{brandId}/suggestions</c>.</summary>
public sealed record CreateSuggestionRequest(
    IReadOnlyList<string>? ProductIds,
    string? Goal,
    string? Audience = null,
    string? Tone = null,
    string? Language = null,
    int? Variants = null,
    IReadOnlyList<string>? KeyMessages = null,
    IReadOnlyList<string>? Topics = null,
    string? TargetQuery = null)
{
    public const int MaxTargetQueryLength = 50;

    /// <summary>The validated brief, or a 400 listing every problem.</summary>
    public DraftBrief ToBrief()
    {
        var v = new Validation();
        var products = ProductIds ?? [];
        v.Require(products.Count is >= 1 and <= DraftBrief.MaxProducts, "productIds", "studio.products_required",
            $"Name 1 to {DraftBrief.MaxProducts} products.");
        v.Require(products.All(Ids.IsWellFormed) && products.Distinct(StringComparer.Ordinal).Count() == products.Count,
            "productIds", "studio.invalid_product_id", "Product ids must be distinct and 1-64 letters, digits, '-' or '_'.");
        v.Require(!string.IsNullOrWhiteSpace(Goal), "goal", "studio.goal_required", "Say what the note should achieve.");
        CheckLength(v, "goal", Goal, 200);
        CheckLength(v, "audience", Audience, 200);
        CheckLength(v, "tone", Tone, 60);
        var language = (Language ?? Languages.Chinese).Trim().ToLowerInvariant();
        v.Require(language is Languages.Chinese or Languages.English, "language", "studio.unsupported_language", "Language must be 'zh' or 'en'.");
        var variants = Variants ?? 3;
        v.Require(variants is >= 1 and <= DraftBrief.MaxVariants, "variants", "studio.invalid_variants",
            $"Ask for 1 to {DraftBrief.MaxVariants} variants.");
        var keyMessages = Clean(KeyMessages);
        v.Require(keyMessages.Count <= 5 && keyMessages.All(m => Text.FitsWithin(m, 200)), "keyMessages",
            "studio.invalid_key_messages", "At most 5 key messages of at most 200 characters each.");
        var topics = Clean(Topics).Select(Notes.Topics.Normalize).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        v.Require(topics.Count <= 5 && topics.All(t => Text.FitsWithin(t, 30)), "topics", "studio.invalid_topics",
            "At most 5 topics of at most 30 characters each.");
        var targetQuery = string.IsNullOrWhiteSpace(TargetQuery) ? null : string.Join(' ', TargetQuery.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        CheckLength(v, "targetQuery", targetQuery, MaxTargetQueryLength);
        v.ThrowIfInvalid();

        return new DraftBrief
        {
            ProductIds = products,
            Goal = Goal!.Trim(),
            Audience = string.IsNullOrWhiteSpace(Audience) ? (language == Languages.Chinese ? "关注品质生活的年轻女性" : "young women who care about quality of life") : Audience.Trim(),
            Tone = string.IsNullOrWhiteSpace(Tone) ? (language == Languages.Chinese ? "真诚、实用" : "sincere and practical") : Tone.Trim(),
            Language = language,
            Variants = variants,
            KeyMessages = keyMessages,
            Topics = topics,
            TargetQuery = targetQuery,
        };
    }

    private static void CheckLength(Validation v, string field, string? value, int max) =>
        v.Require(value is null || Text.FitsWithin(value, max), field, "studio.field_too_long", $"'{field}' may have at most {max} characters.");

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        (values ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
}
