using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Embedded.Hosting;

namespace Platform.Tests.Hosting;

/// <summary>Housekeeping is built and started behind the first-answer gate, so a cold host listens without building it.</summary>
public sealed class StartedAfterFirstAnswerTests
{
    [Fact]
    public async Task The_service_is_built_and_started_only_once_the_host_has_answered()
    {
        var gate = new FirstAnswerGate();
        var inner = new RecordingService();
        var built = 0;
        var wrapper = new StartedAfterFirstAnswer(gate, () => { built++; return inner; }, lifetime: null, NullLogger<StartedAfterFirstAnswer>.Instance);

        await wrapper.StartAsync(CancellationToken.None);
        Assert.Equal(0, built);
        Assert.False(inner.Started);

        gate.Answered();
        await WaitUntilAsync(() => inner.Started);
        Assert.Equal(1, built);
        Assert.Same(inner, wrapper.Started);

        await wrapper.StopAsync(CancellationToken.None);
        Assert.True(inner.Stopped);
    }

    [Fact]
    public async Task A_host_stopped_before_its_first_answer_never_builds_the_service()
    {
        var built = 0;
        var wrapper = new StartedAfterFirstAnswer(new FirstAnswerGate(), () => { built++; return new RecordingService(); }, lifetime: null,
            NullLogger<StartedAfterFirstAnswer>.Instance);

        await wrapper.StartAsync(CancellationToken.None);
        await wrapper.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        await Task.Delay(FirstAnswerGate.MaxWait + TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, built);
        Assert.Null(wrapper.Started);
    }

    [Fact]
    public async Task A_service_switched_off_by_its_settings_is_not_started()
    {
        var gate = new FirstAnswerGate();
        gate.Answered();
        var wrapper = new StartedAfterFirstAnswer(gate, () => null, lifetime: null, NullLogger<StartedAfterFirstAnswer>.Instance);

        await wrapper.StartAsync(CancellationToken.None);
        await wrapper.StopAsync(CancellationToken.None);

        Assert.Null(wrapper.Started);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 500; waited++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class RecordingService : IHostedService
    {
        public bool Started { get; private set; }

        public bool Stopped { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }
}
