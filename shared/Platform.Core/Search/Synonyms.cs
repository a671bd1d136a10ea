namespace Platform.Core.Search;

/// <summary>
/// The maintained synonym list (Search/synonyms.txt, embedded in this assembly): both adapters expand a query word into its
/// group at query time, with the other words weighted below the word itself, so no index rebuild is needed when the list changes.
/// </summary>
public static class Synonyms
{
    /// <summary>How much a synonym counts against the word the reader typed (the embedded engine's boost).</summary>
    public const float Weight = 0.5f;

    private static readonly Dictionary<string, string[]> Groups = Load();

    /// <summary>The list in Solr format (one group of equivalent words per line), for an Azure AI Search synonym map.</summary>
    public static string SolrRules { get; } = string.Join('\n', Groups.Values.Distinct().Select(g => string.Join(", ", g)));

    /// <summary>The other words of <paramref name="term"/>'s group (after normalisation), or none.</summary>
    public static IReadOnlyList<string> For(string term)
    {
        var word = TextNormalization.Normalize(term).ToLowerInvariant();
        return Groups.TryGetValue(word, out var group) ? group.Where(w => !string.Equals(w, word, StringComparison.Ordinal)).ToList() : [];
    }

    private static Dictionary<string, string[]> Load()
    {
        using var stream = typeof(Synonyms).Assembly.GetManifestResourceStream("Platform.Core.Search.synonyms.txt")
            ?? throw new InvalidOperationException("The synonym list is not embedded.");
        using var reader = new StreamReader(stream);
        var groups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var words = line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(w => TextNormalization.Normalize(w).ToLowerInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            foreach (var word in words)
            {
                groups[word] = words;
            }
        }

        return groups;
    }
}
