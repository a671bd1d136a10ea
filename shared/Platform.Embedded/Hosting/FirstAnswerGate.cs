namespace Platform.Embedded.Hosting;

/// <summary>
/// Background work an embedded host does as it starts (relaying outbox events left from before, scanning for uploads,
/// warming the search engine) waits here until the host has answered its first request, or <see cref="MaxWait"/> has
/// passed, whichever comes first: after a cold start a reader is waiting for that answer, and on a small machine the
/// housekeeping took the CPU it needed. Real time, not the platform clock: a test's frozen clock must not hold it shut.
/// </summary>
public sealed class FirstAnswerGate
{
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TimeSpan MaxWait { get; } = TimeSpan.FromSeconds(1);

    public bool IsOpen => _answered.Task.IsCompleted;

    /// <summary>Called by the host once a response has been sent.</summary>
    public void Answered()
    {
        if (!_answered.Task.IsCompleted)
        {
            _answered.TrySetResult();
        }
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _answered.Task.WaitAsync(MaxWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nobody asked anything yet: the work need not wait any longer.
        }
    }
}
