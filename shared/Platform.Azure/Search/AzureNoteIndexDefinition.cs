using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core.Serialization;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using CoreSearchOptions = Platform.Core.Search.SearchOptions;

namespace Platform.Azure.Search;

/// <summary>The notes index, defined in code: fields, the Chinese analyser, the ranking profile and the suggester.</summary>
internal static class AzureNoteIndexDefinition
{
    public const string ScoringProfile = "engagement";
    public const string Suggester = "titles";

    /// <summary>camelCase names (matching the rest of the platform's JSON), and nulls left out so merges keep omitted fields.</summary>
    public static ObjectSerializer Serializer { get; } = new JsonObjectSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    // Normalisation (TextNormalization): the adapter folds queries (full-width → half-width, Traditional → Simplified) before
    // sending them, so a Traditional query finds a Simplified note. The reverse (a Simplified query for a note written in
    // Traditional) needs the index to fold too: a custom analyzer with a MappingCharFilter built from
    // TextNormalization.Mappings in front of the Chinese tokenizer. Not defined yet: changing a field's analyzer means
    // rebuilding the index, so it comes with the custom CJK-bigram analyzer of issue 13's Azure parity step.
    public static SearchIndex Build(CoreSearchOptions options) => new(options.IndexName)
    {
        Fields = new FieldBuilder { Serializer = Serializer }.Build(typeof(AzureNoteDocument)),
        ScoringProfiles =
        {
            // The same blend as the embedded engine (SearchRanking): a logarithmic boost for engagement up to a cap, and a
            // linear boost for freshness over a window, summed.
            new ScoringProfile(ScoringProfile)
            {
                TextWeights = new TextWeights(new Dictionary<string, double> { ["title"] = 3, ["topics"] = 2, ["body"] = 1 }),
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
