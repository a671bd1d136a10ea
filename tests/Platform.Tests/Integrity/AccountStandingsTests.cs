using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Integrity;
using Platform.Embedded.Storage;

namespace Platform.Tests.Integrity;

/// <summary>Strikes over time, on a fake clock: the window, the restriction's end, forgiveness on appeal.</summary>
public sealed class AccountStandingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("standings-");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AccountStandings _standings;

    public AccountStandingsTests() => _standings = new AccountStandings(
        new SqliteDocumentStore(new SqliteDatabase(Path.Combine(_folder.FullName, "documents.db"))),
        Options.Create(new ModerationOptions { StrikeThreshold = 3, StrikeWindowDays = 30, RestrictionDays = 7 }),
        _clock);

    [Fact]
    public async Task Only_rejections_within_the_window_count_and_the_restriction_ends_by_itself()
    {
        await _standings.StrikeAsync("u", "c1", "spam", CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(31));
        await _standings.StrikeAsync("u", "c2", "spam", CancellationToken.None);
        await _standings.StrikeAsync("u", "c3", "spam", CancellationToken.None);
        Assert.False(await _standings.IsRestrictedAsync("u", CancellationToken.None)); // c1 fell out of the window

        await _standings.StrikeAsync("u", "c3", "spam", CancellationToken.None); // the same case twice is one strike
        Assert.False(await _standings.IsRestrictedAsync("u", CancellationToken.None));
        await _standings.ForgiveAsync("u", "c2", CancellationToken.None); // overturned on appeal
        await _standings.StrikeAsync("u", "c4", "spam", CancellationToken.None);
        Assert.False(await _standings.IsRestrictedAsync("u", CancellationToken.None));

        await _standings.StrikeAsync("u", "c5", "spam", CancellationToken.None);
        var view = await _standings.ViewAsync("u", CancellationToken.None);
        Assert.True(view.Restricted);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), view.Until);

        _clock.Advance(TimeSpan.FromDays(7));
        Assert.False(await _standings.IsRestrictedAsync("u", CancellationToken.None));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
