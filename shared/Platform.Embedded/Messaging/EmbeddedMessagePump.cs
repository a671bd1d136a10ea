using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Messaging;

namespace Platform.Embedded.Messaging;

/// <summary>
/// The embedded counterpart of the Service Bus-triggered functions: takes messages from the durable queue for every
/// registered handler, runs them through the same <see cref="MessageDispatcher"/>, and settles them as Service Bus would:
/// complete, retry with exponential back-off, dead-letter at the maximum delivery count or at once for poison.
/// </summary>
public sealed class EmbeddedMessagePump(
    SqliteMessageQueue queue,
    MessageDispatcher dispatcher,
    IOptions<EmbeddedMessagingOptions> options,
    TimeProvider clock,
    ILogger<EmbeddedMessagePump> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(1);
    private readonly EmbeddedMessagingOptions _options = options.Value;
    private readonly string[] _paths = dispatcher.Subscriptions.Select(s => s.Path).ToArray();
    private int _inFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_paths.Length == 0)
        {
            return;
        }

        var released = await queue.ReleaseLocksAsync(stoppingToken);
        if (released > 0)
        {
            logger.LogInformation("Delivering again {Count} messages that were in flight when the host last stopped", released);
        }

        var running = new HashSet<Task>();
        var nextPurge = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextPurge)
                {
                    await queue.PurgeAsync(_options.DuplicateDetectionWindow, stoppingToken);
                    nextPurge = clock.GetUtcNow() + PurgeEvery;
                }

                queue.ClearSignal();
                var inFlight = Volatile.Read(ref _inFlight);
                var free = _options.Concurrency - inFlight;
                // Under load, take messages in batches rather than one per completed handler.
                if (inFlight > 0 && free < Math.Max(1, _options.Concurrency / 4))
                {
                    await WaitForSignalAsync(_options.PollInterval, stoppingToken);
                    continue;
                }

                Rotate();
                var deliveries = await queue.ReceiveAsync(_paths, free, _options.LockDuration, stoppingToken);
                foreach (var delivery in deliveries)
                {
                    Interlocked.Increment(ref _inFlight);
                    var task = HandleAsync(delivery, stoppingToken);
                    lock (running)
                    {
                        running.Add(task);
                    }

                    _ = task.ContinueWith(t => { lock (running) { running.Remove(t); } }, TaskScheduler.Default);
                }

                if (deliveries.Count < free)
                {
                    await WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The message pump failed; retrying");
                await Task.Delay(_options.PollInterval, clock, CancellationToken.None);
            }
        }

        Task[] remaining;
        lock (running)
        {
            remaining = [.. running];
        }

        await Task.WhenAll(remaining);
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        var wait = _options.PollInterval;
        if (await queue.NextDueAsync(_paths, stoppingToken) is { } due)
        {
            var untilDue = due - clock.GetUtcNow();
            wait = untilDue < wait ? untilDue : wait;
        }

        await WaitForSignalAsync(wait, stoppingToken);
    }

    private async Task WaitForSignalAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(wait);
        try
        {
            await queue.WaitForSignalAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Waited long enough: look again.
        }
    }

    // Each round starts with a different path, so one busy queue cannot starve the others.
    private void Rotate()
    {
        if (_paths.Length > 1)
        {
            var first = _paths[0];
            Array.Copy(_paths, 1, _paths, 0, _paths.Length - 1);
            _paths[^1] = first;
        }
    }

    private async Task HandleAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var result = await dispatcher.DispatchAsync(delivery.Message, stoppingToken);
            await SettleAsync(delivery, result, stoppingToken.IsCancellationRequested);
        }
        catch (Exception e)
        {
            // Only settling can get here; the lock expires and the message comes again.
            logger.LogError(e, "Could not settle message {MessageId}", delivery.Message.Id);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            queue.Signal();
        }
    }

    private Task SettleAsync(Delivery delivery, DispatchResult result, bool stopping)
    {
        var message = delivery.Message;
        switch (result.Outcome)
        {
            case DispatchOutcome.Completed:
                return queue.CompleteAsync(delivery);
            case DispatchOutcome.DeadLetter:
                return queue.DeadLetterAsync(delivery, result.Reason ?? "message.dead_lettered", result.Description);
            case DispatchOutcome.Retry when stopping:
                return queue.AbandonAsync(delivery, TimeSpan.Zero, countDelivery: false);
            case DispatchOutcome.Retry when message.DeliveryCount >= _options.MaxDeliveryCount:
                logger.LogWarning("Message {MessageId} failed {DeliveryCount} times; dead-lettering it", message.Id, message.DeliveryCount);
                // The reason Service Bus itself uses, so operators see the same thing in both runs.
                return queue.DeadLetterAsync(delivery, "MaxDeliveryCountExceeded", result.Description);
            default:
                return queue.AbandonAsync(delivery, Backoff(message.DeliveryCount));
        }
    }

    internal TimeSpan Backoff(int deliveryCount)
    {
        var exponential = _options.RetryBaseDelay * Math.Pow(2, Math.Min(deliveryCount - 1, 30));
        var capped = exponential < _options.RetryMaxDelay ? exponential : _options.RetryMaxDelay;
        // Jitter spreads retries of many failing messages so they do not all come back at once.
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }
}
