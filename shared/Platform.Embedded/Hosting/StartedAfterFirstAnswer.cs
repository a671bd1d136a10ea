using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Embedded.Hosting;

public static class StartedAfterFirstAnswerExtensions
{
    /// <summary>
    /// Registers housekeeping (the message pump, the outbox relay, the sweeps) that is built and started only once the host
    /// has answered its first request or <see cref="FirstAnswerGate.MaxWait"/> has passed (<see cref="FirstAnswerGate"/>).
    /// The host starts its hosted services one after another before it listens, and building the message pump alone resolved
    /// every message handler and what they use: a tenth of a cold start's time to its first answer. <paramref name="create"/>
    /// may return null for a service switched off by its settings.
    /// </summary>
    public static IServiceCollection AddHostedServiceAfterFirstAnswer(this IServiceCollection services, Func<IServiceProvider, IHostedService?> create)
    {
        services.TryAddSingleton<FirstAnswerGate>();
        services.AddSingleton<IHostedService>(sp => new StartedAfterFirstAnswer(
            sp.GetRequiredService<FirstAnswerGate>(),
            () => create(sp),
            sp.GetService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<StartedAfterFirstAnswer>>()));
        return services;
    }
}

/// <summary>A hosted service whose real service is built and started behind the <see cref="FirstAnswerGate"/>.</summary>
public sealed class StartedAfterFirstAnswer(
    FirstAnswerGate firstAnswer, Func<IHostedService?> create, IHostApplicationLifetime? lifetime, ILogger<StartedAfterFirstAnswer> logger)
    : IHostedService
{
    // Not disposed: the host may dispose its services before it stops them, and a source without a timer holds nothing.
    private readonly CancellationTokenSource _stopping = new();
    private Task<IHostedService?> _started = Task.FromResult<IHostedService?>(null);

    /// <summary>The service this one started, once it has.</summary>
    public IHostedService? Started => _started.IsCompletedSuccessfully ? _started.Result : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = StartLaterAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        IHostedService? inner;
        try
        {
            inner = await _started;
        }
        catch (OperationCanceledException)
        {
            return; // stopped before it started
        }

        if (inner is not null)
        {
            await inner.StopAsync(cancellationToken);
        }
    }

    private async Task<IHostedService?> StartLaterAsync(CancellationToken stopping)
    {
        await firstAnswer.WaitAsync(stopping);
        try
        {
            var inner = create();
            if (inner is not null)
            {
                await inner.StartAsync(stopping);
            }

            return inner;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // As a hosted service failing at start would: the host does not run without its housekeeping.
            logger.LogCritical(e, "A background service failed to start; stopping the host");
            lifetime?.StopApplication();
            return null;
        }
    }
}
