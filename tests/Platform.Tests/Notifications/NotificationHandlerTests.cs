using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Core.Community;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Core.Notifications;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// The notifications handler given events directly, as the bus would deliver them: redeliveries notify once, erased
/// accounts produce nothing and drop out of others' notifications, and order, moderation and partnership events reach the
/// right inboxes (a brand's members for what its creators and buyers did).
/// </summary>
public sealed class NotificationHandlerTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task A_redelivered_event_notifies_once_and_counts_once()
    {
        var alice = _platform.ClientFor("alice");
        for (var delivery = 0; delivery < 3; delivery++)
        {
            await Inbox.DeliverAsync(_platform, "like-event-1", CommunityEvents.NoteLiked, new NoteEngaged("n1", "alice", "bob", At));
            await Inbox.DeliverAsync(_platform, "follow-event-1", CommunityEvents.UserFollowed, new UserFollowed("bob", "alice", At));
        }

        // A second like event from the same person (like, unlike, like) is not a second person either.
        await Inbox.DeliverAsync(_platform, "like-event-2", CommunityEvents.NoteLiked, new NoteEngaged("n1", "alice", "bob", At.AddMinutes(1)));

        var page = await Inbox.ReadAsync(alice);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(1, Assert.Single(page.Items, i => i.Kind == NotificationKind.Like).Count);
        Assert.Equal(2, page.Unread);
        Assert.Equal(2, await Inbox.UnreadAsync(alice));
    }

    [Fact]
    public async Task An_erased_account_produces_nothing_and_drops_out_of_other_peoples_notifications()
    {
        var alice = _platform.ClientFor("alice");
        var bob = _platform.ClientFor("bob");
        var note = await Api.CreateNoteAsync(alice, new { title = "咖啡", body = "" });
        var bobsNote = await Api.CreateNoteAsync(bob, new { title = "茶", body = "" });
        (await bob.PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();
        (await _platform.ClientFor("carol").PutAsync($"/api/notes/{note.Id}/like", null)).EnsureSuccessStatusCode();
        (await bob.PutAsync("/api/users/alice/follow", null)).EnsureSuccessStatusCode();
        (await alice.PutAsync($"/api/notes/{bobsNote.Id}/like", null)).EnsureSuccessStatusCode();
        await Inbox.WaitForAsync(alice, p => p.Items.Any(i => i.Kind == NotificationKind.Like && i.Count == 2) && p.Items.Any(i => i.Kind == NotificationKind.Follow));
        await Inbox.WaitForAsync(bob, p => p.Items.Count == 1);

        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync("/api/me")).StatusCode);
        await Inbox.DrainAsync(_platform);

        var page = await Inbox.ReadAsync(alice);
        var like = Assert.Single(page.Items, i => i.Kind == NotificationKind.Like);
        Assert.Equal(2, like.Count); // "2 people liked": the count stays, the erased person is no longer named
        Assert.Equal(["carol"], like.Actors.Select(a => a.UserId));
        Assert.Empty(Assert.Single(page.Items, i => i.Kind == NotificationKind.Follow).Actors);

        // An event of Bob's from before the erasure, delivered late, adds nothing; nor does one addressed to him.
        await Inbox.DeliverAsync(_platform, "late-like", CommunityEvents.NoteLiked, new NoteEngaged(note.Id, "alice", "bob", like.UpdatedAt));
        await Inbox.DeliverAsync(_platform, "late-follow", CommunityEvents.UserFollowed, new UserFollowed("alice", "bob", like.UpdatedAt));
        Assert.Equal(2, Assert.Single((await Inbox.ReadAsync(alice)).Items, i => i.Kind == NotificationKind.Like).Count);
        // Read from the store: a token minted in the second of the erasure is refused (token times are whole seconds).
        var bobsInbox = await _platform.Services.GetRequiredService<NotificationInbox>().ListAsync("bob", 10, null, unreadOnly: false, CancellationToken.None);
        Assert.Empty(bobsInbox.Items);
    }

    [Fact]
    public async Task Order_changes_reach_the_buyer_and_the_brand_but_not_whoever_made_them()
    {
        var buyer = _platform.ClientFor("buyer");
        var member = _platform.ClientFor("lee", ["brand"], ["acme"]);
        OrderStatusChanged Change(OrderStatus from, OrderStatus to, ActorKind by) =>
            new("o1", "shop1", "acme", "buyer", from, to, At, new Money(12900, "CNY"), [], null, by);

        await Inbox.DeliverAsync(_platform, "o1-1", OrderStatusChanged.MessageType, Change(OrderStatus.PendingPayment, OrderStatus.Paid, ActorKind.PaymentProvider));
        await Inbox.DeliverAsync(_platform, "o1-2", OrderStatusChanged.MessageType, Change(OrderStatus.Fulfilling, OrderStatus.Shipped, ActorKind.Brand));
        await Inbox.DeliverAsync(_platform, "o1-3", OrderStatusChanged.MessageType, Change(OrderStatus.Delivered, OrderStatus.RefundRequested, ActorKind.Buyer));
        await Inbox.DeliverAsync(_platform, "o1-4", OrderStatusChanged.MessageType, Change(OrderStatus.Delivered, OrderStatus.Completed, ActorKind.Buyer));

        var buyerInbox = await Inbox.ReadAsync(buyer);
        Assert.Equal(["Paid", "Shipped"], buyerInbox.Items.Select(i => i.Status).Order());
        Assert.All(buyerInbox.Items, i => Assert.Equal(("o1", NotificationKind.Order), (i.OrderId, i.Kind)));

        var brandInbox = await Inbox.ReadAsync(member, "/api/brands/acme/notifications");
        Assert.Equal(["Completed", "Paid", "RefundRequested"], brandInbox.Items.Select(i => i.Status).Order());
        Assert.Equal(3, await Inbox.UnreadAsync(member, "/api/brands/acme/notifications/unread-count"));
        Assert.Equal(3, (await Api.ReadAsync<MarkReadResult>(await member.PostAsync("/api/brands/acme/notifications/read-all", null))).Marked);
        Assert.DoesNotContain((await Inbox.ReadAsync(buyer)).Items, i => i.Status is "Completed" or "RefundRequested");
    }

    [Fact]
    public async Task Offers_answers_ends_and_hand_offs_reach_the_other_side()
    {
        var creator = _platform.ClientFor("cara");
        var member = _platform.ClientFor("lee", ["brand"], ["acme"]);
        await Inbox.DeliverAsync(_platform, "p1", PartnershipEvents.Offered, new PartnershipChanged("offer1", "acme", "cara", "lee", At));
        await Inbox.DeliverAsync(_platform, "p2", PartnershipEvents.Accepted, new PartnershipChanged("offer1", "acme", "cara", "cara", At.AddMinutes(1)));
        await Inbox.DeliverAsync(_platform, "p3", PartnershipEvents.DraftHandedOff, new DraftHandedOff("acme", "s1", "d1", "cara", "lee", At.AddMinutes(2)));
        await Inbox.DeliverAsync(_platform, "p4", PartnershipEvents.Ended, new PartnershipChanged("offer1", "acme", "cara", "lee", At.AddMinutes(3)));
        await Inbox.DeliverAsync(_platform, "p5", PartnershipEvents.Declined, new PartnershipChanged("offer2", "acme", "cara", "cara", At.AddMinutes(4)));
        await Inbox.DeliverAsync(_platform, "p5", PartnershipEvents.Declined, new PartnershipChanged("offer2", "acme", "cara", "cara", At.AddMinutes(4)));

        var creatorInbox = await Inbox.ReadAsync(creator);
        Assert.Equal([NotificationKind.PartnershipEnded, NotificationKind.HandOff, NotificationKind.Offer], creatorInbox.Items.Select(i => i.Kind));
        Assert.Equal(("acme", "s1", "d1"), (creatorInbox.Items[1].BrandId, creatorInbox.Items[1].SuggestionId, creatorInbox.Items[1].DraftId));
        Assert.Equal("offer1", creatorInbox.Items[2].OfferId);

        var brandInbox = await Inbox.ReadAsync(member, "/api/brands/acme/notifications");
        Assert.Equal([NotificationKind.OfferDeclined, NotificationKind.OfferAccepted], brandInbox.Items.Select(i => i.Kind));
        Assert.All(brandInbox.Items, i => Assert.Equal("cara", i.Actors.Single().UserId));
    }

    [Fact]
    public async Task A_moderators_decision_tells_the_author_the_verdict_and_reason_but_not_who()
    {
        var alice = _platform.ClientFor("alice");
        var moderator = _platform.ClientFor("mod", ["moderator"]);
        var held = await Api.CreateNoteAsync(alice, new { title = "福利", body = "扫码领取小样" });
        Assert.Equal(NoteStatus.Held, held.Status);
        (await moderator.PostAsJsonAsync($"/api/moderation/cases/note-{held.Id}/decision", new { verdict = "Rejected", reason = "引流" })).EnsureSuccessStatusCode();

        var page = await Inbox.WaitForAsync(alice, p => p.Items.Any(i => i.Kind == NotificationKind.Moderation));
        var decided = Assert.Single(page.Items);
        Assert.Equal((held.Id, "Rejected", "引流"), (decided.NoteId, decided.Status, decided.Reason));
        Assert.Empty(decided.Actors);
    }

    public void Dispose() => _platform.Dispose();
}
