using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Core.Messaging;

namespace Platform.Tests.Messaging;

/// <summary>
/// What test handlers saw, and how they should behave: a body of <c>{"fail":N}</c> fails the first N deliveries,
/// <c>{"poison":true}</c> is poison, <c>{"delayMs":N}</c> takes that long.
/// </summary>
public sealed class MessageRecorder
{
    private readonly ConcurrentQueue<Handled> _handled = new();
    private readonly ConcurrentDictionary<string, int> _running = new();

    public IReadOnlyList<Handled> Handled => [.. _handled];

    /// <summary>Highest number of handlers of one session seen running at the same time.</summary>
    public int MaxConcurrentPerSession { get; private set; }

    /// <summary>When true, handlers fail every delivery (a broken dependency); switch off to let a replay succeed.</summary>
    public bool FailEverything { get; set; }

    public int Attempts(string messageId) => _attempts.GetValueOrDefault(messageId);

    private readonly ConcurrentDictionary<string, int> _attempts = new();

    public async Task HandleAsync(string handler, IncomingMessage message, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(message.Id + "@" + handler, 1, (_, n) => n + 1);
        _attempts.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        var session = message.SessionId is null ? null : handler + "/" + message.SessionId;
        if (session is not null)
        {
            var running = _running.AddOrUpdate(session, 1, (_, n) => n + 1);
            lock (_running)
            {
                MaxConcurrentPerSession = Math.Max(MaxConcurrentPerSession, running);
            }
        }

        try
        {
            var behaviour = message.GetBody<Behaviour>();
            if (behaviour.DelayMs > 0)
            {
                await Task.Delay(behaviour.DelayMs, cancellationToken);
            }

            if (behaviour.Poison)
            {
                throw new PoisonMessageException("test.poison", "This message can never be handled.");
            }

            if (FailEverything || attempt <= behaviour.Fail)
            {
                throw new InvalidOperationException($"Transient failure {attempt} of message {message.Id}");
            }

            _handled.Enqueue(new Handled(handler, message, Activity.Current?.TraceId.ToString(), DateTimeOffset.UtcNow));
        }
        finally
        {
            if (session is not null)
            {
                _running.AddOrUpdate(session, 0, (_, n) => n - 1);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what was handled (fails the test after a generous timeout).</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<Handled>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition(Handled))
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"Condition not met; handled so far: {string.Join(", ", Handled.Select(h => h.Handler + ":" + h.Message.Id))}");
            }

            await Task.Delay(10);
        }
    }

    public sealed record Behaviour(int Fail = 0, bool Poison = false, int DelayMs = 0, int Seq = 0);
}

public sealed record Handled(string Handler, IncomingMessage Message, string? TraceId, DateTimeOffset At);

/// <summary>Test handlers, one class per subscription (the dispatcher allows one handler per subscription).</summary>
public sealed class RecordingHandler(MessageRecorder recorder) : IMessageHandler
{
    public Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken) =>
        recorder.HandleAsync(MessageSubscription.PathOf(message.Source, message.Subscription), message, cancellationToken);
}

public sealed class SecondRecordingHandler(MessageRecorder recorder) : IMessageHandler
{
    public Task HandleAsync(IncomingMessage message, CancellationToken cancellationToken) =>
        recorder.HandleAsync(MessageSubscription.PathOf(message.Source, message.Subscription), message, cancellationToken);
}
