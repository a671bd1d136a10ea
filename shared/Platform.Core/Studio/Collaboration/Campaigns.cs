using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Notes;
using Platform.Core.Storage;
using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio.Collaboration;

/// <summary>
/// A brand's campaigns: per accepted partnership, the sponsored notes the creator published for the brand while it was
/// active, each with its funnel (the studio's <see cref="ContentFunnel"/>, from the note's content metrics), and the orders
/// and revenue attributed to them (order lines remember the note they were bought from).
/// </summary>
public sealed class Campaigns(PartnershipService partnerships, IDocumentStore store, TimeProvider clock)
{
    /// <summary>Most notes read per partnership.</summary>
    public const int MaxNotesPerCampaign = 200;

    public async Task<IReadOnlyList<CampaignView>> ListAsync(Caller caller, string brandId, CancellationToken cancellationToken)
    {
        var campaigns = new List<CampaignView>();
        foreach (var partnership in (await partnerships.ListForBrandAsync(caller, brandId, cancellationToken)).Where(p => p.WasAccepted))
        {
            campaigns.Add(await CampaignOfAsync(partnership, cancellationToken));
        }

        return campaigns;
    }

    private async Task<CampaignView> CampaignOfAsync(Partnership partnership, CancellationToken cancellationToken)
    {
        var from = partnership.AnsweredAt!.Value;
        var until = partnership.EndedAt ?? clock.GetUtcNow();
        var page = await store.QueryAsync<Note>(Collections.Notes, new DocumentQuery
        {
            Where =
            [
                new("authorId", partnership.CreatorId), new("partnerBrandId", partnership.BrandId), new("sponsored", true),
                new("status", nameof(NoteStatus.Published)),
            ],
            OrderBy = "createdAt",
            Descending = true,
            Limit = MaxNotesPerCampaign,
        }, cancellationToken);

        var fromDrafts = partnership.Drafts.Where(d => d.PublishedNoteId is not null).Select(d => d.PublishedNoteId!).ToHashSet(StringComparer.Ordinal);
        var notes = new List<CampaignNote>();
        var totals = FeatureTotals.Zero;
        foreach (var note in page.Items.Select(i => i.Value).Where(n => n.CreatedAt >= from && n.CreatedAt <= until))
        {
            var metrics = (await store.FindAsync<NoteMetrics>(Collections.ContentMetrics, note.Id, note.Id, cancellationToken))?.Value;
            var noteTotals = metrics is null ? FeatureTotals.Zero with { Notes = 1 } : TotalsOf(metrics);
            totals = totals.Plus(noteTotals);
            notes.Add(new CampaignNote(note.Id, note.Title, note.CreatedAt, note.AiAssisted, fromDrafts.Contains(note.Id), noteTotals.Funnel()));
        }

        var funnel = totals.Funnel();
        return new CampaignView(
            partnership.Id, partnership.CreatorId, partnership.State, partnership.Terms, from, partnership.EndedAt,
            partnership.Drafts.Count, notes, funnel, funnel.Orders, funnel.Revenue);
    }

    private static FeatureTotals TotalsOf(NoteMetrics m) =>
        new(1, m.Views, m.Engagements, m.ProductClicks, m.Orders, m.Revenue, m.Impressions, m.Likes, m.Collects, m.Comments, m.Shares);
}

/// <summary>One partnership's results: its notes, their summed funnel, and the orders and revenue attributed to them.</summary>
public sealed record CampaignView(
    string OfferId,
    string CreatorId,
    PartnershipState State,
    OfferTerms Terms,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? EndedAt,
    int DraftsHandedOff,
    IReadOnlyList<CampaignNote> Notes,
    ContentFunnel Funnel,
    long Orders,
    decimal Revenue);

/// <summary>A sponsored note of a campaign with its own funnel; <see cref="FromDraft"/> when it was a handed-off draft.</summary>
public sealed record CampaignNote(string NoteId, string Title, DateTimeOffset CreatedAt, bool AiAssisted, bool FromDraft, ContentFunnel Funnel);
