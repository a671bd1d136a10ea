using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Storage;

namespace Platform.Tests.Storage;

/// <summary>
/// The storage behind trust features over each <see cref="IDocumentStore"/> adapter: the audit log (cross-partition, newest
/// first, narrowed by case or account), account standings, erased-account tombstones, and the queries erasure relies on.
/// </summary>
public abstract class ModerationStorageContract
{
    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task The_audit_log_lists_newest_first_across_accounts_and_narrows_to_a_case_or_an_account()
    {
        var clock = new SteppingClock();
        var bus = new CapturingBus();
        var log = new ModerationAuditLog(Store, new Outbox(Store, bus, NullLogger<Outbox>.Instance), clock);
        var (alice, bob) = ("alice-" + Guid.NewGuid().ToString("N")[..8], "bob-" + Guid.NewGuid().ToString("N")[..8]);
        var aliceCase = Case("note-" + Guid.NewGuid().ToString("N"), alice);
        await log.RecordAsync(AuditAction.Decision, "mod-1", aliceCase, alice, ModerationVerdict.Rejected, "spam", default);
        await log.RecordAsync(AuditAction.Decision, "mod-2", Case("note-" + Guid.NewGuid().ToString("N"), bob), bob, ModerationVerdict.Approved, null, default);
        await log.RecordAsync(AuditAction.AppealDecision, "mod-3", aliceCase, alice, ModerationVerdict.Approved, "fine", default);

        var forCase = await log.ListAsync(aliceCase.Id, null, 10, null, default);
        Assert.Equal(["mod-3", "mod-1"], forCase.Items.Select(e => e.ModeratorId));
        Assert.Equal(["contact.qr_code", "report:Spam"], forCase.Items[1].Rules);

        var forBob = await log.ListAsync(null, bob, 10, null, default);
        Assert.Equal(["mod-2"], forBob.Items.Select(e => e.ModeratorId));

        var first = await log.ListAsync(null, alice, 1, null, default);
        var second = await log.ListAsync(null, alice, 1, first.Continuation, default);
        Assert.Equal(["mod-3", "mod-1"], first.Items.Concat(second.Items).Select(e => e.ModeratorId));

        // Each decision told its author through the entry's own outbox (sent, then cleared from the stored entry), never naming the moderator.
        Assert.Equal(3, bus.Sent.Count(m => m.Type == ModerationEvents.Decided));
        Assert.DoesNotContain(bus.Sent, m => m.Body.Contains("mod-", StringComparison.Ordinal));
        var stored = await Store.FindAsync<AuditEntry>(Collections.ModerationAudit, alice, forCase.Items[0].Id, default);
        Assert.Empty(stored!.Value.PendingEvents);
    }

    private sealed class CapturingBus : IMessageBus
    {
        public List<OutgoingMessage> Sent { get; } = [];

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => PublishAsync([message], cancellationToken);

        public Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            lock (Sent)
            {
                Sent.AddRange(messages);
            }

            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Standings_count_strikes_restrict_and_lift()
    {
        var standings = new AccountStandings(Store, Options.Create(new ModerationOptions { StrikeThreshold = 2 }), TimeProvider.System);
        var user = "u-" + Guid.NewGuid().ToString("N");
        await standings.StrikeAsync(user, "case-1", "spam", default);
        Assert.False(await standings.IsRestrictedAsync(user, default));
        await standings.StrikeAsync(user, "case-2", "spam", default);
        Assert.True(await standings.IsRestrictedAsync(user, default));
        Assert.True(await standings.LiftAsync(user, "mod", default));
        Assert.False(await standings.IsRestrictedAsync(user, default));
        await standings.DeleteAsync(user, default);
        Assert.Null(await standings.FindAsync(user, default));
    }

    [Fact]
    public async Task An_erased_account_refuses_tokens_issued_before_the_erasure_and_keeps_no_trace_of_its_id()
    {
        var erased = new ErasedAccounts(Store, TimeProvider.System, Options.Create(new AuthOptions()));
        var user = "gone-" + Guid.NewGuid().ToString("N");
        var before = new Caller(user, null, new HashSet<string>(), new HashSet<string>()) { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-5) };
        await erased.EnsureActiveAsync(before, default);

        await erased.MarkAsync(user, default);
        await erased.MarkAsync(user, default); // a retried erasure

        var refused = await Assert.ThrowsAsync<Platform.Core.Common.PlatformException>(() => erased.EnsureActiveAsync(before, default));
        Assert.Equal("auth.account_erased", refused.Code);
        await erased.EnsureActiveAsync(before with { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(5) }, default);
        var key = ErasedAccounts.KeyFor(user);
        Assert.DoesNotContain(user, key, StringComparison.Ordinal);
        Assert.NotNull(await Store.FindAsync<object>(Collections.ErasedAccounts, key, key, default));
    }

    [Fact]
    public async Task Erasure_finds_a_users_documents_by_the_fields_it_queries()
    {
        var user = "owner-" + Guid.NewGuid().ToString("N");
        var caseId = "note-" + Guid.NewGuid().ToString("N");
        await Store.CreateAsync(Collections.ModerationCases, caseId, caseId, Case(caseId, user), default);
        var page = await Store.QueryAsync<ModerationCase>(Collections.ModerationCases,
            new DocumentQuery { Where = [new("authorId", user)], OrderBy = "openedAt" }, default);
        Assert.Equal([caseId], page.Items.Select(i => i.Value.Id));
    }

    private static ModerationCase Case(string id, string authorId) => new()
    {
        Id = id,
        Kind = ContentKind.Note,
        NoteId = id["note-".Length..],
        AuthorId = authorId,
        OpenedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        Findings = [new IntegrityFinding("contact.qr_code", IntegrityOutcome.Hold, "body", 0, 2, "扫码", "QR code")],
        ReportReasons = new() { [ReportReason.Spam] = 1 },
    };

    /// <summary>A clock that moves a millisecond on every reading, so entries written in a row have distinct times.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now = _now.AddMilliseconds(1);
    }
}
