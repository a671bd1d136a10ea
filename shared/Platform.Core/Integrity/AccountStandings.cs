using Microsoft.Extensions.Options;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>One rejection counted against an account.</summary>
public sealed record Strike(string CaseId, DateTimeOffset At, string? Reason);

/// <summary>A period in which everything new the account posts waits for a moderator.</summary>
public sealed record Restriction(string Reason, DateTimeOffset Since, DateTimeOffset Until, DateTimeOffset? LiftedAt = null, string? LiftedBy = null)
{
    public bool IsActive(DateTimeOffset now) => LiftedAt is null && now < Until;
}

/// <summary>An account's strikes and restriction, stored in <c>account-standings</c> under the user's id.</summary>
public sealed record AccountStanding
{
    public required string UserId { get; init; }

    public IReadOnlyList<Strike> Strikes { get; init; } = [];

    public Restriction? Restriction { get; init; }
}

/// <summary>What an account sees of its standing (and moderators too): strikes in the window and any restriction.</summary>
public sealed record StandingView(bool Restricted, string? Reason, DateTimeOffset? Until, int RecentStrikes, int StrikeThreshold, Restriction? Restriction);

/// <summary>
/// Strikes: every rejection counts against its author; <see cref="ModerationOptions.StrikeThreshold"/> rejections within
/// <see cref="ModerationOptions.StrikeWindowDays"/> restrict the account for <see cref="ModerationOptions.RestrictionDays"/>
/// (new notes and comments are held for review). A rejection overturned on appeal no longer counts; moderators can lift
/// a restriction early.
/// </summary>
public sealed class AccountStandings(IDocumentStore store, IOptions<ModerationOptions> options, TimeProvider clock)
{
    private readonly ModerationOptions _options = options.Value;

    public async Task<AccountStanding?> FindAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindAsync<AccountStanding>(Collections.AccountStandings, userId, userId, cancellationToken))?.Value;

    public async Task<bool> IsRestrictedAsync(string userId, CancellationToken cancellationToken) =>
        (await FindAsync(userId, cancellationToken))?.Restriction?.IsActive(clock.GetUtcNow()) == true;

    public async Task<StandingView> ViewAsync(string userId, CancellationToken cancellationToken) => View(await FindAsync(userId, cancellationToken));

    /// <summary>Counts a rejection (once per case) and restricts the account when it crosses the threshold.</summary>
    public Task<AccountStanding> StrikeAsync(string userId, string caseId, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(userId, s =>
        {
            var now = clock.GetUtcNow();
            var window = now.AddDays(-_options.StrikeWindowDays);
            var strikes = s.Strikes.Where(k => k.At > window && k.CaseId != caseId).Append(new Strike(caseId, now, reason)).ToList();
            var restriction = s.Restriction;
            if (strikes.Count >= _options.StrikeThreshold && restriction?.IsActive(now) != true)
            {
                restriction = new Restriction(
                    $"{strikes.Count} posts were rejected in {_options.StrikeWindowDays} days; until the end date a moderator reviews everything you post before others see it.",
                    now, now.AddDays(_options.RestrictionDays));
                // A fresh start after the restriction: the strikes that led to it are spent.
                strikes = [];
            }

            return s with { Strikes = strikes, Restriction = restriction };
        }, cancellationToken);

    /// <summary>A rejection overturned on appeal stops counting.</summary>
    public Task<AccountStanding> ForgiveAsync(string userId, string caseId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, s => s with { Strikes = s.Strikes.Where(k => k.CaseId != caseId).ToList() }, cancellationToken);

    /// <summary>Ends an active restriction now; false when there was none.</summary>
    public async Task<bool> LiftAsync(string userId, string moderatorId, CancellationToken cancellationToken)
    {
        var lifted = false;
        await ChangeAsync(userId, s =>
        {
            lifted = s.Restriction?.IsActive(clock.GetUtcNow()) == true;
            return lifted ? s with { Restriction = s.Restriction! with { LiftedAt = clock.GetUtcNow(), LiftedBy = moderatorId } } : s;
        }, cancellationToken);
        return lifted;
    }

    public Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        store.DeleteAsync(Collections.AccountStandings, userId, userId, null, cancellationToken);

    private StandingView View(AccountStanding? standing)
    {
        var now = clock.GetUtcNow();
        var active = standing?.Restriction is { } r && r.IsActive(now) ? r : null;
        var recent = standing?.Strikes.Count(k => k.At > now.AddDays(-_options.StrikeWindowDays)) ?? 0;
        return new StandingView(active is not null, active?.Reason, active?.Until, recent, _options.StrikeThreshold,
            standing?.Restriction is { } last ? last with { LiftedBy = null } : null);
    }

    private async Task<AccountStanding> ChangeAsync(string userId, Func<AccountStanding, AccountStanding> change, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync<AccountStanding>(Collections.AccountStandings, userId, userId,
            current => change(current ?? new AccountStanding { UserId = userId }), DocumentUpdates.UntilWritten, cancellationToken);
        return update.Current!.Value;
    }
}
