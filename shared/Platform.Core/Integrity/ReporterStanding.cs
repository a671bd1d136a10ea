using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Community;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Integrity;

/// <summary>
/// How much a user's reports are worth: how long the account has been known (its first note, or its first report) and how
/// often moderators agreed with its past reports. Kept per reporter; also carries the recent report times for rate limiting.
/// </summary>
public sealed record ReporterStanding
{
    /// <summary>Decided reports needed before accuracy counts; below it, a reporter is judged on account age alone.</summary>
    public const int DecidedReportsForAccuracy = 3;

    public required string UserId { get; init; }

    public required DateTimeOffset KnownSince { get; init; }

    /// <summary>Reports a moderator upheld (rejected the content).</summary>
    public int Upheld { get; init; }

    /// <summary>Reports a moderator dismissed (approved the content).</summary>
    public int Dismissed { get; init; }

    public IReadOnlyList<DateTimeOffset> RecentReports { get; init; } = [];

    /// <summary>A weak reporter's reports go to the queue but do not hide anything: a new account, or one usually wrong.</summary>
    public bool IsWeak(DateTimeOffset now, ModerationOptions options) =>
        now - KnownSince < options.MinReporterAge
        || (Upheld + Dismissed >= DecidedReportsForAccuracy && Upheld < (Upheld + Dismissed) * options.MinReporterAccuracy);

    public int Weight(DateTimeOffset now, ModerationOptions options) => IsWeak(now, options) ? 0 : 1;
}

/// <summary>Reporters' standing: recorded at each report (with the rate limit) and at each moderator decision.</summary>
public sealed class ReporterStandings(IDocumentStore store, IOptions<ModerationOptions> options, TimeProvider clock) : IPersonalDataParticipant
{
    private readonly ModerationOptions _options = options.Value;

    /// <inheritdoc/>
    public string Section => "reporterStanding";

    /// <summary>Counts a report against the reporter's rate limit (429 beyond it) and returns the weight it carries.</summary>
    public async Task<int> RecordReportAsync(string userId, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync<ReporterStanding>(Collections.Reporters, userId, userId, cancellationToken);
        // A reporter seen for the first time: the account is as old as its first note, if it has one.
        var firstNote = existing is null ? await FirstNoteAtAsync(userId, cancellationToken) : null;
        var update = await store.UpdateAsync<ReporterStanding>(Collections.Reporters, userId, userId, current =>
        {
            var now = clock.GetUtcNow();
            var standing = current ?? new ReporterStanding { UserId = userId, KnownSince = firstNote is { } at && at < now ? at : now };
            var recent = standing.RecentReports.Where(t => t > now - _options.ReportWindow).ToList();
            if (recent.Count >= _options.MaxReportsPerWindow)
            {
                throw new PlatformException(ErrorKind.RateLimited, "report.rate_limited",
                    $"At most {_options.MaxReportsPerWindow} reports per {_options.ReportWindow}; try again later.")
                {
                    RetryAfter = recent.Min() + _options.ReportWindow - now,
                };
            }

            return standing with { RecentReports = [.. recent, now] };
        }, DocumentUpdates.UntilWritten, cancellationToken);
        return update.Written!.Value.Weight(clock.GetUtcNow(), _options);
    }

    /// <summary>A moderator decided a case: each report since the previous decision was upheld (rejected) or dismissed (approved).</summary>
    public async Task RecordDecisionAsync(ModerationCase decided, ModerationDecision decision, CancellationToken cancellationToken)
    {
        var since = decided.LastDecision?.DecidedAt ?? DateTimeOffset.MinValue;
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<Report>(Collections.Reports,
                new DocumentQuery { PartitionKey = decided.Id, OrderBy = "reportedAt", Limit = 100, Continuation = continuation }, cancellationToken);
            foreach (var report in page.Items.Select(i => i.Value).Where(r => r.ReportedAt > since && r.ReportedAt <= decision.DecidedAt))
            {
                await store.UpdateAsync<ReporterStanding>(Collections.Reporters, report.ReporterId, report.ReporterId, current =>
                {
                    var standing = current ?? new ReporterStanding { UserId = report.ReporterId, KnownSince = report.ReportedAt };
                    return decision.Verdict == ModerationVerdict.Rejected
                        ? standing with { Upheld = standing.Upheld + 1 }
                        : standing with { Dismissed = standing.Dismissed + 1 };
                }, DocumentUpdates.UntilWritten, cancellationToken);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <inheritdoc/>
    public async Task<object?> ExportAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindAsync<ReporterStanding>(Collections.Reporters, userId, userId, cancellationToken))?.Value;

    /// <inheritdoc/>
    public async Task EraseAsync(string userId, CancellationToken cancellationToken) =>
        await store.DeleteAsync(Collections.Reporters, userId, userId, ifMatch: null, cancellationToken);

    private async Task<DateTimeOffset?> FirstNoteAtAsync(string userId, CancellationToken cancellationToken)
    {
        var first = await store.QueryAsync<Note>(Collections.Notes,
            new DocumentQuery { Where = [new("authorId", userId)], OrderBy = "createdAt", Limit = 1 }, cancellationToken);
        return first.Items.Count > 0 ? first.Items[0].Value.CreatedAt : null;
    }
}
