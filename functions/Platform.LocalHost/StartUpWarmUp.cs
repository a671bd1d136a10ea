using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Core.Storage;
using Platform.Functions.Http;

namespace Platform.LocalHost;

/// <summary>
/// Work the first request would otherwise do in front of its caller, done on the second core while the main thread maps
/// routes and starts Kestrel: a cold start's first answer came about 0.25 s after Kestrel listened, most of it spent building
/// services and the route table. One thread of its own takes the steps in order. Not the thread pool: it starts with one
/// thread per core, and Kestrel's first connection would wait for a pool thread while warm-up work held one.
/// </summary>
internal sealed class StartUpWarmUp
{
    private readonly BlockingCollection<Action> _steps = [];

    private StartUpWarmUp()
    {
    }

    public static StartUpWarmUp Begin()
    {
        var warmUp = new StartUpWarmUp();
        new Thread(warmUp.Run) { IsBackground = true, Name = "Start-up warm-up" }.Start();
        return warmUp;
    }

    /// <summary>
    /// Builds the settings (validated as the host validates them again at start), the caller authenticator with its token
    /// validator, the document store with its database connection, and the API's JSON options: singletons the app keeps.
    /// </summary>
    public void Services(IServiceProvider services)
    {
        _steps.Add(() => services.GetService<IStartupValidator>()?.Validate());
        _steps.Add(() => services.GetRequiredService<CallerAuthenticator>());
        _steps.Add(() => services.GetRequiredService<IDocumentStore>());
        _steps.Add(() => _ = services.GetRequiredService<IOptions<JsonOptions>>().Value);
    }

    /// <summary>
    /// Builds every endpoint of the route table once (the generated request delegates and their metadata, about 0.1 s of JIT
    /// on a cold start) and throws them away: the routing middleware builds its own table on the first request, and then
    /// finds that code compiled. The last step.
    /// </summary>
    public void Routes(IEndpointRouteBuilder routes)
    {
        foreach (var source in routes.DataSources.ToList())
        {
            _steps.Add(() => _ = source.Endpoints);
        }

        _steps.CompleteAdding();
    }

    private void Run()
    {
        foreach (var step in _steps.GetConsumingEnumerable())
        {
            try
            {
                step();
            }
            catch (Exception)
            {
                // Left to the host: it validates the settings again and stops with the same failure, and a service that
                // cannot be built fails again, with its message, where it is first used.
            }
        }

        _steps.Dispose();
    }
}
