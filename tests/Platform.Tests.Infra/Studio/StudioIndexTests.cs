using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Platform.Core.Identity;
using Platform.Core.Notes;
using Platform.Core.Storage;
using Platform.Core.Studio;
using Platform.Tests.Infra;

namespace Platform.Tests.Studio;

/// <summary>The queries the studio sends are served by the indexes main.bicep declares for its containers.</summary>
public sealed class StudioIndexTests
{
    [Fact]
    public async Task The_suggestion_listing_is_served_by_the_declared_indexes()
    {
        var store = QueryRecorder.Create();
        var recorder = (QueryRecorder)(object)store;
        var service = new SuggestionService(store, null!, null!, null!, null!, null!, null!, Options.Create(new NoteLimitsOptions()), null!, TimeProvider.System);
        await service.ListAsync(new Caller("lee", null, new HashSet<string> { "brand" }, new HashSet<string> { "acme" }), "acme", null, null, default);

        var declared = Declared()[Collections.Suggestions];
        var indexed = declared["indexedPaths"]!.AsArray().Select(p => p!.GetValue<string>()).ToHashSet();
        var composites = declared["compositeIndexes"]!.AsArray()
            .Select(c => string.Join(",", c!.AsArray().Select(p => $"{p!["path"]}:{p["order"]}")))
            .ToHashSet();
        Assert.Single(recorder.Queries);
        foreach (var (collection, query) in recorder.Queries)
        {
            Assert.Equal(Collections.Suggestions, collection);
            Assert.All(query.Where, f => Assert.Contains($"/{f.Field}/?", indexed));
            var direction = query.Descending ? "descending" : "ascending";
            Assert.Contains($"/{query.OrderBy}:{direction},/id:{direction}", composites);
        }

        // Usage and aggregates are only read by point reads: they live in the keyed container, which indexes nothing.
        foreach (var name in new[] { Collections.StudioUsage, Collections.ContentAggregates })
        {
            Assert.Empty(Declared()[Platform.Azure.Storage.CosmosContainers.NameOf(name)]["indexedPaths"]!.AsArray());
        }

        // Content metrics are paged through by note id for the predictor's fit.
        var metrics = Declared()[Collections.ContentMetrics];
        Assert.Contains("/noteId/?", metrics["indexedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    private static Dictionary<string, JsonObject> Declared()
    {
        var cosmos = InfraBuild.Instance.Main.Module("cosmos");
        return cosmos.Parent!.Resolve(cosmos.Passed("containers"))!.AsArray()
            .Select(c => c!.AsObject())
            .ToDictionary(c => c["name"]!.GetValue<string>());
    }

    /// <summary>Records queries and answers them with nothing; a proxy, so it keeps compiling as the port grows.</summary>
    public class QueryRecorder : DispatchProxy
    {
        public List<(string Collection, DocumentQuery Query)> Queries { get; } = [];

        public static IDocumentStore Create() => DispatchProxy.Create<IDocumentStore, QueryRecorder>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IDocumentStore.QueryAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }

            lock (Queries)
            {
                Queries.Add(((string)args![0]!, (DocumentQuery)args[1]!));
            }

            var pageType = typeof(DocumentPage<>).MakeGenericType(targetMethod.GetGenericArguments()[0]);
            var itemType = typeof(StoredDocument<>).MakeGenericType(targetMethod.GetGenericArguments()[0]);
            var page = Activator.CreateInstance(pageType, Array.CreateInstance(itemType, 0), null);
            return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(pageType).Invoke(null, [page]);
        }
    }
}
