using Platform.Core.Feed;

namespace Platform.Tests.Feed;

public sealed class ReaderProfileRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly FeedOptions Options = new() { InterestHalfLife = TimeSpan.FromDays(14), MaxProfileInterests = 2, MaxSeenNotes = 3 };

    private static ReaderProfile Empty => new() { UserId = "reader", DecayedTo = Now };

    [Fact]
    public void Interests_halve_every_half_life()
    {
        var profile = ReaderProfileRules.Learn(Empty, [new InterestSignal("n1", "amy", ["露营"], "p1", 4, Liked: true)], Now, Options);
        var later = ReaderProfileRules.DecayTo(profile, Now.AddDays(28), Options.InterestHalfLife);

        Assert.Equal(1.0, later.Topics["露营"].Weight, 6);
        Assert.Equal(1.0, later.Creators["amy"].Weight, 6);
        Assert.Equal(1.0, later.Products["p1"].Weight, 6);
        Assert.True(later.Topics["露营"].Liked);
    }

    [Fact]
    public void Impressions_mark_notes_seen_without_teaching_interest_and_only_the_strongest_interests_stay()
    {
        var profile = ReaderProfileRules.Learn(Empty,
        [
            new InterestSignal("n1", "amy", ["a"], null, 0, false),
            new InterestSignal("n2", "ben", ["b"], null, 1, false),
            new InterestSignal("n3", "cat", ["c"], null, 3, false),
            new InterestSignal("n4", "dan", ["d"], null, 2, false),
        ], Now, Options);

        Assert.Equal(["n4", "n3", "n2"], profile.Seen);
        Assert.Equal(["c", "d"], profile.Topics.Keys.Order());
        Assert.DoesNotContain("a", profile.Topics.Keys);
    }

    [Fact]
    public void A_batch_is_learnt_once()
    {
        var profile = Empty;
        Assert.True(ReaderProfileRules.TryMarkBatch(ref profile, "b1"));
        Assert.False(ReaderProfileRules.TryMarkBatch(ref profile, "b1"));
        Assert.True(ReaderProfileRules.TryMarkBatch(ref profile, "b2"));
    }
}
