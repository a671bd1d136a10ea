using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Identity;
using Platform.Core.Search;
using Platform.Core.Storage;

namespace Platform.Core.Studio.Collaboration;

/// <summary>
/// Creator discovery for brands: the authors of a topic's recent notes (from the search index, which holds only what readers
/// may see), with their followers, the engagement rate of those notes (likes, collects, comments and shares per view, from
/// the counters) and their latest notes. Creators who opted out (<see cref="Profile.DiscoverableByBrands"/>) never appear.
/// </summary>
public sealed class CreatorDiscovery(ISearchIndex index, CounterStore counters, IDocumentStore store)
{
    /// <summary>How many recent notes of the topic are looked at to find its creators.</summary>
    public const int NotesScanned = 500;

    public const int MaxResults = 50;

    public async Task<IReadOnlyList<CreatorCard>> FindAsync(Caller caller, string brandId, CreatorSearch search, CancellationToken cancellationToken)
    {
        if (!caller.IsMemberOfBrand(brandId))
        {
            throw PlatformException.Forbidden("brand.member_only", "Only members of this brand may search for creators.");
        }

        var topic = string.IsNullOrWhiteSpace(search.Topic) ? null : SearchText.TopicKey(search.Topic);
        new Validation()
            .Require(search.MinFollowers is null or >= 0, "minFollowers", "discovery.invalid_filter", "minFollowers must be 0 or more.")
            .Require(search.MinEngagementRate is null or (>= 0 and <= 100), "minEngagementRate", "discovery.invalid_filter", "minEngagementRate must be between 0 and 100 (percent).")
            .ThrowIfInvalid();

        var result = await index.SearchAsync(new NoteSearchQuery
        {
            Topics = topic is null ? [] : [topic],
            Sort = SearchSort.Latest,
            Size = NotesScanned,
            IncludeHighlights = false,
            FacetCount = 0,
        }, cancellationToken);

        var cards = new List<CreatorCard>();
        foreach (var author in result.Hits.GroupBy(h => h.AuthorId, StringComparer.Ordinal))
        {
            var profile = (await store.FindAsync<Profile>(Collections.Profiles, author.Key, author.Key, cancellationToken))?.Value;
            if (profile is { DiscoverableByBrands: false })
            {
                continue;
            }

            var followers = (await counters.ReadAsync(Subjects.User(author.Key), cancellationToken)).GetValueOrDefault(CounterNames.Followers);
            var views = author.Sum(h => h.Engagement.Views);
            var engaged = author.Sum(h => h.Engagement.Likes + h.Engagement.Collects + h.Engagement.Comments + h.Engagement.Shares);
            var rate = views == 0 ? 0 : Math.Round((double)engaged / views, 4);
            if (followers < (search.MinFollowers ?? 0) || rate * 100 < (search.MinEngagementRate ?? 0))
            {
                continue;
            }

            cards.Add(new CreatorCard(
                author.Key, profile?.DisplayName ?? author.Key, followers, rate, author.Count(),
                author.OrderByDescending(h => h.CreatedAt).Take(3).Select(h => new CreatorNote(h.Id, h.Title, h.CreatedAt, h.Engagement.Views)).ToList()));
        }

        return cards
            .OrderByDescending(c => c.EngagementRate).ThenByDescending(c => c.Followers).ThenBy(c => c.UserId, StringComparer.Ordinal)
            .Take(Math.Clamp(search.Limit ?? 20, 1, MaxResults))
            .ToList();
    }
}

/// <summary>Query of <c>GET /api/brands/{brandId}/creators</c>; <see cref="MinEngagementRate"/> is in percent.</summary>
public sealed record CreatorSearch(string? Topic, long? MinFollowers = null, double? MinEngagementRate = null, int? Limit = null);

/// <summary>A creator as a brand sees them in discovery; <see cref="EngagementRate"/> is a fraction (0.12 = 12%).</summary>
public sealed record CreatorCard(string UserId, string DisplayName, long Followers, double EngagementRate, int NotesInTopic, IReadOnlyList<CreatorNote> RecentNotes);

public sealed record CreatorNote(string NoteId, string Title, DateTimeOffset CreatedAt, long Views);
