using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Core.Storage;
using Platform.Core.Studio;

namespace Platform.Functions.Studio;

/// <summary>
/// The suggestion queue until the messaging feature's bus is wired: an in-process channel drained by a background
/// service. Jobs are not lost on restart, because the suggestion document is the job: at start every suggestion still
/// queued or running is picked up again (the worker is idempotent).
/// </summary>
/// <remarks>Seam: replace the <see cref="ISuggestionQueue"/> registration with the bus and call
/// <see cref="SuggestionWorker.ProcessAsync"/> from its handler.</remarks>
public sealed class InProcessSuggestionQueue(SuggestionWorker worker, IDocumentStore store, ILogger<InProcessSuggestionQueue> logger)
    : BackgroundService, ISuggestionQueue
{
    private const int MaxAttempts = 3;

    private readonly Channel<SuggestionJob> _jobs = Channel.CreateUnbounded<SuggestionJob>(new UnboundedChannelOptions { SingleReader = true });

    /// <inheritdoc/>
    public Task EnqueueAsync(SuggestionJob job, CancellationToken cancellationToken) => _jobs.Writer.WriteAsync(job, cancellationToken).AsTask();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await worker.ProcessAsync(job, stoppingToken);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (attempt >= MaxAttempts)
                    {
                        logger.LogError(e, "Suggestion {SuggestionId} of brand {BrandId} failed {Attempts} times; marking it failed",
                            job.SuggestionId, job.BrandId, attempt);
                        await TryMarkFailedAsync(job, e, stoppingToken);
                        break;
                    }

                    logger.LogWarning(e, "Suggestion {SuggestionId} failed (attempt {Attempt}); retrying", job.SuggestionId, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
                }
            }
        }
    }

    private async Task TryMarkFailedAsync(SuggestionJob job, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await worker.MarkFailedAsync(job, error.GetType().Name, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store itself is failing: the suggestion stays queued or running and is resumed at the next start.
            logger.LogError(e, "Suggestion {SuggestionId} could not be marked failed; it is resumed at the next start", job.SuggestionId);
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var status in new[] { SuggestionStatus.Running, SuggestionStatus.Queued })
        {
            string? continuation = null;
            do
            {
                var page = await store.QueryAsync<Suggestion>(Collections.Suggestions, new DocumentQuery
                {
                    Where = [new("status", status.ToString())],
                    OrderBy = "createdAt",
                    Limit = 100,
                    Continuation = continuation,
                }, cancellationToken);
                foreach (var item in page.Items)
                {
                    logger.LogInformation("Resuming suggestion {SuggestionId} of brand {BrandId}", item.Value.Id, item.Value.BrandId);
                    await EnqueueAsync(new SuggestionJob(item.Value.BrandId, item.Value.Id), cancellationToken);
                }

                continuation = page.Continuation;
            }
            while (continuation is not null);
        }
    }
}
