using Platform.Core.Media;

namespace Platform.Tests.Media;

/// <summary>The transcode and the poster's image work run side by side: how a failure of one ends the other.</summary>
public sealed class ConcurrentVideoWorkTests
{
    [Fact]
    public async Task The_first_failure_stops_the_other_task_before_it_is_thrown()
    {
        using var either = new CancellationTokenSource();
        var running = Task.Run(async () =>
        {
            await Task.Delay(Timeout.Infinite, either.Token);
            return 1;
        });
        var failing = Task.FromException<string>(new MediaRejectedException(MediaRejections.Corrupt, "no frame"));

        var thrown = await Assert.ThrowsAsync<MediaRejectedException>(() => MediaProcessor.BothAsync(running, failing, either));

        Assert.Equal(MediaRejections.Corrupt, thrown.Code);
        Assert.True(running.IsCanceled); // stopped and waited for, not left running
    }

    [Fact]
    public async Task What_the_stopped_task_throws_does_not_hide_the_failure_that_stopped_it()
    {
        using var either = new CancellationTokenSource();
        var stopping = new TaskCompletionSource<int>();
        var failing = Task.Run<int>(async () =>
        {
            await stopping.Task;
            throw new MediaRejectedException(MediaRejections.TooManyPixels, "poster too large");
        });
        var transcode = Task.Run<string>(async () =>
        {
            stopping.SetResult(0);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                throw new IOException("FFmpeg was killed");
            }

            return "done";
        });

        var thrown = await Assert.ThrowsAsync<MediaRejectedException>(() => MediaProcessor.BothAsync(transcode, failing, either));

        Assert.Equal(MediaRejections.TooManyPixels, thrown.Code);
        Assert.True(transcode.IsFaulted);
    }

    [Fact]
    public async Task Both_results_come_back_when_both_succeed()
    {
        using var either = new CancellationTokenSource();

        var (number, text) = await MediaProcessor.BothAsync(Task.FromResult(7), Task.Run(() => "poster"), either);

        Assert.Equal((7, "poster"), (number, text));
        Assert.False(either.IsCancellationRequested);
    }
}
