using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Common;
using Platform.Core.Storage;

namespace Platform.Core.Studio;

/// <summary>
/// Drafts one queued suggestion: gathers the grounding (product facts, insights, exemplars), asks the generator,
/// checks, labels, scores and ranks the drafts, and stores them with the tokens and cost spent. Idempotent: a job for a
/// suggestion that already finished does nothing.
/// </summary>
public sealed class SuggestionWorker(
    IDocumentStore store,
    IDraftGenerator generator,
    DraftPromptBuilder promptBuilder,
    IStudioProductFacts products,
    IStudioInsights insights,
    IExemplarSource exemplars,
    DraftPostProcessor postProcessor,
    EngagementPredictor predictor,
    StudioQuota quota,
    IOptions<StudioOptions> options,
    TimeProvider clock,
    ILogger<SuggestionWorker> logger)
{
    public async Task ProcessAsync(SuggestionJob job, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync<Suggestion>(Collections.Suggestions, job.BrandId, job.SuggestionId, cancellationToken);
        if (found is null)
        {
            logger.LogInformation("Suggestion {SuggestionId} of brand {BrandId} is gone; nothing to do", job.SuggestionId, job.BrandId);
            return;
        }

        if (found.Value.Status is SuggestionStatus.Succeeded or SuggestionStatus.Failed)
        {
            // Done, but maybe not counted: the run that finished it stopped (or lost its lock) before counting.
            await RecordUsageOnceAsync(found.Value, found.ETag, cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        if (found.Value.Status == SuggestionStatus.Running && found.Value.LeaseUntil > now)
        {
            // A redelivery while the first run still drafts (its message lock ran out): drafting again would spend the
            // model's tokens twice. The broker redelivers this later; by then the suggestion is done or its lease has lapsed.
            throw new SuggestionBusyException(job.SuggestionId, found.Value.LeaseUntil.Value);
        }

        // Claimed with an ETag check, so of two deliveries racing here only one drafts; the job needs no further sending.
        var running = found.Value with
        {
            Status = SuggestionStatus.Running, UpdatedAt = now, LeaseUntil = now + options.Value.JobLease, PendingEvents = [],
        };
        var etag = await store.ReplaceAsync(Collections.Suggestions, job.BrandId, job.SuggestionId, running, found.ETag, cancellationToken);

        Suggestion finished;
        var started = clock.GetTimestamp();
        try
        {
            finished = await DraftAsync(running, cancellationToken) with { LeaseUntil = null };
            PlatformMetrics.DraftingDuration.Record(
                clock.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", finished.Status.ToString()));
        }
        catch
        {
            // This run failed: hand the suggestion back at once, so the retry of this job need not wait for the lease.
            await store.ReplaceAsync(Collections.Suggestions, job.BrandId, job.SuggestionId, running with { LeaseUntil = null }, etag, CancellationToken.None);
            throw;
        }


        etag = await store.ReplaceAsync(Collections.Suggestions, job.BrandId, job.SuggestionId, finished, etag, cancellationToken);
        await RecordUsageOnceAsync(finished, etag, cancellationToken);
        logger.LogInformation(
            "Suggestion {SuggestionId} of brand {BrandId} finished {Status} with {DraftCount} drafts, {PromptTokens}+{CompletionTokens} tokens",
            job.SuggestionId, job.BrandId, finished.Status, finished.Drafts.Count, finished.Usage.PromptTokens, finished.Usage.CompletionTokens);
    }

    /// <summary>Counts a finished suggestion's usage once: the quota skips a suggestion it has counted, then the flag is set.</summary>
    private async Task RecordUsageOnceAsync(Suggestion finished, string etag, CancellationToken cancellationToken)
    {
        if (finished.UsageRecorded)
        {
            return;
        }

        await quota.RecordUsageAsync(finished.BrandId, finished.CreatedAt, finished.Id, finished.Usage, finished.Cost, cancellationToken);
        await store.ReplaceAsync(Collections.Suggestions, finished.BrandId, finished.Id, finished with { UsageRecorded = true }, etag, cancellationToken);
    }

    /// <summary>
    /// Gives up on a suggestion whose processing keeps failing for reasons other than the model (the queue's retries are
    /// spent), so the brand sees a failed status instead of one that stays running.
    /// </summary>
    public async Task MarkFailedAsync(SuggestionJob job, string reason, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync<Suggestion>(Collections.Suggestions, job.BrandId, job.SuggestionId, cancellationToken);
        if (found is null || found.Value.Status is SuggestionStatus.Succeeded or SuggestionStatus.Failed)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var failed = found.Value with
        {
            Status = SuggestionStatus.Failed,
            Failure = new SuggestionFailure("studio.processing_failed", $"Drafting failed repeatedly ({reason}); ask again."),
            UpdatedAt = now,
            CompletedAt = now,
            PendingEvents = [],
        };
        await store.ReplaceAsync(Collections.Suggestions, job.BrandId, job.SuggestionId, failed, found.ETag, cancellationToken);
    }

    private async Task<Suggestion> DraftAsync(Suggestion suggestion, CancellationToken cancellationToken)
    {
        var brief = suggestion.Brief;
        var facts = await products.GetAsync(suggestion.BrandId, brief.ProductIds, cancellationToken);
        var topics = brief.Topics.Concat(facts.SelectMany(p => p.Topics)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var scope = await insights.GetAsync(new InsightScope(topics), cancellationToken);
        var examples = options.Value.ExemplarCount == 0 ? [] : await exemplars.FindAsync(
            new ExemplarQuery(string.Join(' ', facts.Select(p => p.Name ?? "").Append(brief.Goal).Concat(brief.KeyMessages)), topics, brief.Language, options.Value.ExemplarCount,
                brief.TargetQuery),
            cancellationToken);
        var grounding = new DraftGrounding(facts, scope, examples);
        var summary = new GroundingSummary(
            scope.Scope,
            scope.NoteCount,
            facts.Select(p => p.Name ?? p.ProductId).ToList(),
            examples.Select(e => e.Title).ToList(),
            scope.Features.Where(f => f.Lift > 1).OrderByDescending(f => f.Lift).Take(5).Select(f => f.Label).ToList());

        DraftGeneration generation;
        try
        {
            generation = await generator.GenerateAsync(promptBuilder.Build(brief, grounding), cancellationToken);
        }
        catch (DraftGenerationException e)
        {
            logger.LogWarning("Suggestion {SuggestionId} failed: {Code} after {Attempts} attempts", suggestion.Id, e.Code, e.Attempts);
            return Finish(suggestion, summary) with
            {
                Status = SuggestionStatus.Failed,
                Failure = new SuggestionFailure(e.Code, e.Message),
                Generator = generator.Name,
                Offline = generator.IsOffline,
                Attempts = e.Attempts,
                Usage = e.Usage,
                Cost = options.Value.CostOf(e.Usage),
            };
        }

        var drafts = new List<SuggestionDraft>();
        foreach (var generated in generation.Drafts.Take(brief.Variants))
        {
            var checkedDraft = await postProcessor.ProcessAsync(generated, suggestion.BrandId, brief.Language, cancellationToken);
            drafts.Add(ToDraft(Common.Ids.New(), checkedDraft, predictor.Score(checkedDraft, scope)));
        }

        return Finish(suggestion, summary) with
        {
            Status = SuggestionStatus.Succeeded,
            Generator = generation.Generator,
            Model = generation.Model,
            Offline = generation.Offline,
            Attempts = generation.Attempts,
            Usage = generation.Usage,
            Cost = options.Value.CostOf(generation.Usage),
            Drafts = Rank(drafts),
        };
    }

    private Suggestion Finish(Suggestion suggestion, GroundingSummary summary)
    {
        var now = clock.GetUtcNow();
        return suggestion with { Grounding = summary, Currency = options.Value.Currency, UpdatedAt = now, CompletedAt = now };
    }

    internal static SuggestionDraft ToDraft(string id, CheckedDraft d, DraftScore score) => new()
    {
        Id = id,
        Title = d.Title,
        Body = d.Body,
        Topics = d.Topics,
        CoverImageIdea = d.CoverImageIdea,
        WhyItWorks = d.WhyItWorks,
        Labels = d.Labels,
        Compliance = d.Compliance,
        Findings = d.Findings,
        Adjustments = d.Adjustments,
        Score = score,
    };

    /// <summary>Best first: open drafts before discarded ones, compliant before flagged, then by predicted engagement.</summary>
    internal static IReadOnlyList<SuggestionDraft> Rank(IEnumerable<SuggestionDraft> drafts) =>
        drafts
            .OrderBy(d => d.State == DraftState.Discarded)
            .ThenBy(d => d.Compliance == DraftCompliance.Flagged)
            .ThenByDescending(d => d.Score.PredictedEngagementRate)
            .ThenByDescending(d => d.Score.Score)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select((d, i) => d with { Rank = i + 1 })
            .ToList();
}

/// <summary>
/// The job's suggestion is being drafted by another delivery of the same job whose lease has not lapsed. Transient: the
/// message is abandoned and comes back; by then the suggestion is done (nothing to do) or the lease is over (drafted again).
/// </summary>
public sealed class SuggestionBusyException(string suggestionId, DateTimeOffset leaseUntil)
    : Exception($"Suggestion {suggestionId} is being drafted by another delivery until {leaseUntil:O}.")
{
    public DateTimeOffset LeaseUntil { get; } = leaseUntil;
}
