using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Embedded.Hosting;
using Platform.Tests.Support;

namespace Platform.Tests.Hosting;

/// <summary>Start-up housekeeping waits for the host's first answer, but never for long when nobody asks anything.</summary>
public sealed class FirstAnswerGateTests
{
    [Fact]
    public async Task Waiting_work_goes_on_as_soon_as_the_host_has_answered()
    {
        var gate = new FirstAnswerGate();
        var waiting = gate.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        gate.Answered();

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(gate.IsOpen);
        Assert.True(gate.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Without_any_request_the_work_waits_at_most_the_gate_s_limit()
    {
        var gate = new FirstAnswerGate();
        var clock = Stopwatch.StartNew();

        await gate.WaitAsync(CancellationToken.None);

        Assert.InRange(clock.Elapsed, FirstAnswerGate.MaxWait - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30));
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public async Task Stopping_the_host_ends_the_wait()
    {
        var gate = new FirstAnswerGate();
        using var stopping = new CancellationTokenSource();
        var waiting = gate.WaitAsync(stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task The_embedded_host_opens_the_gate_with_its_first_answer()
    {
        using var platform = new EmbeddedPlatform();
        var gate = platform.Services.GetRequiredService<FirstAnswerGate>();

        (await platform.CreateClient().GetAsync("/api/health")).EnsureSuccessStatusCode();

        // The gate opens once the response has gone out, which the client may see a moment before the host's code after it.
        var deadline = Stopwatch.StartNew();
        while (!gate.IsOpen && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.True(gate.IsOpen);
    }
}
