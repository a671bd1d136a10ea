using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core.Serialization;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Platform.Core.Search;
using CoreSearchOptions = Platform.Core.Search.SearchOptions;

namespace Platform.Azure.Search;

/// <summary>The notes index, defined in code: fields, the Chinese analyser, the ranking profile and the suggester.</summary>
internal static class AzureNoteIndexDefinition
{
    public const string ScoringProfile = "engagement";
    public const string Suggester = "titles";

    /// <summary>Tokenizer standard, full-width folding, lower case, CJK bigrams, after <see cref="NormalizeCharFilter"/>.</summary>
    public const string BigramAnalyzer = "zh_cjk_bigram";

    /// <summary>Traditional → Simplified, from <see cref="TextNormalization.Mappings"/> (the table the embedded engine uses).</summary>
    public const string NormalizeCharFilter = "zh_hant_to_hans";

    /// <summary>The synonym map for <paramref name="indexName"/> (a service-wide resource, so named after the index).</summary>
    public static string SynonymMap(string indexName) => indexName + "-synonyms";

    /// <summary>The synonym map: <see cref="Synonyms.SolrRules"/>, created or updated at start-up before the index.</summary>
    public static SynonymMap BuildSynonymMap(string indexName) => new(SynonymMap(indexName), Synonyms.SolrRules);

    /// <summary>
    /// "a=>b" for each Traditional → Simplified pair of <see cref="TextNormalization.Mappings"/>. Full-width letters and digits
    /// are left to the cjk_width token filter, and punctuation to the tokenizer (which drops it), so every rule is one CJK
    /// character to another and none can confuse the service's "=>" parsing.
    /// </summary>
    public static IEnumerable<string> NormalizeMappings() => TextNormalization.Mappings
        .Where(m => m.Key >= '\u4E00' && m.Key <= '\u9FFF')
        .OrderBy(m => m.Key)
        .Select(m => $"{m.Key}=>{m.Value}");

    /// <summary>camelCase names (matching the rest of the platform's JSON), and nulls left out so merges keep omitted fields.</summary>
    public static ObjectSerializer Serializer { get; } = new JsonObjectSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    // Normalisation (TextNormalization): the adapter folds queries (full-width → half-width, Traditional → Simplified) before
    // sending them, so a Traditional query finds a Simplified note; the bigram fields fold indexed text too (the mapping char
    // filter), so a Simplified query finds a note written in Traditional.
    public static SearchIndex Build(CoreSearchOptions options)
    {
        var fields = new FieldBuilder { Serializer = Serializer }.Build(typeof(AzureNoteDocument));
        foreach (var field in fields.Where(f => f.Name is "title" or "body" or "topics" or "titleGrams" or "bodyGrams" or "topicsGrams"))
        {
            field.SynonymMapNames.Add(SynonymMap(options.IndexName));
        }

        return Build(options, fields);
    }

    private static double PinyinWeight(double field) => Math.Round(field * PinyinText.Weight, 2);

    private static SearchIndex Build(CoreSearchOptions options, IList<SearchField> fields) => new(options.IndexName)
    {
        Fields = fields,
        Analyzers =
        {
            new CustomAnalyzer(BigramAnalyzer, LexicalTokenizerName.Standard)
            {
                CharFilters = { NormalizeCharFilter },
                TokenFilters = { TokenFilterName.CjkWidth, TokenFilterName.Lowercase, TokenFilterName.CjkBigram },
            },
        },
        CharFilters = { new MappingCharFilter(NormalizeCharFilter, NormalizeMappings()) },
        ScoringProfiles =
        {
            // The same blend as the embedded engine (SearchRanking): a logarithmic boost for engagement up to a cap, and a
            // linear boost for freshness over a window, summed.
            new ScoringProfile(ScoringProfile)
            {
                // The embedded engine's field weights; the bigram fields at half (they add recall, the words rank), pinyin
                // at PinyinText.Weight of its field, so a pinyin match ranks below the words themselves.
                TextWeights = new TextWeights(new Dictionary<string, double>
                {
                    ["title"] = 3, ["topics"] = 2, ["body"] = 1,
                    ["titleGrams"] = 1.5, ["topicsGrams"] = 1, ["bodyGrams"] = 0.5,
                    ["titlePinyin"] = PinyinWeight(3), ["titleInitials"] = PinyinWeight(3),
                    ["topicsPinyin"] = PinyinWeight(2), ["topicsInitials"] = PinyinWeight(2),
                }),
                FunctionAggregation = ScoringFunctionAggregation.Sum,
                Functions =
                {
                    new MagnitudeScoringFunction("popularity", options.PopularityBoost,
                        new MagnitudeScoringParameters(0, options.PopularityCap) { ShouldBoostBeyondRangeByConstant = true })
                    {
                        Interpolation = ScoringFunctionInterpolation.Logarithmic,
                    },
                    new FreshnessScoringFunction("createdAt", options.FreshnessBoost,
                        new FreshnessScoringParameters(TimeSpan.FromDays(options.FreshnessDays)))
                    {
                        Interpolation = ScoringFunctionInterpolation.Linear,
                    },
                },
            },
        },
        DefaultScoringProfile = ScoringProfile,
        Suggesters = { new SearchSuggester(Suggester, "title") },
    };
}
