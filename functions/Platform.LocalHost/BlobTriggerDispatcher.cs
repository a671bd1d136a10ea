using System.Reflection;
using System.Threading.Channels;
using Microsoft.Azure.Functions.Worker;
using Platform.Core.Storage;
using Platform.Embedded.Storage;

namespace Platform.LocalHost;

/// <summary>
/// The embedded host's blob triggers: calls every <c>[BlobTrigger("container/{name}")]</c> function of the Functions
/// app for each blob written to its container, binding the same parameters the worker binds. On start it first calls
/// them for blobs already there (an upload that landed before a restart), so nothing waits for a new event. Started after
/// the host's first answer (Program.cs): uploads written meanwhile are found by that scan.
/// </summary>
internal sealed class BlobTriggerDispatcher(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    ILogger<BlobTriggerDispatcher> logger,
    Assembly functions) : BackgroundService
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifications = services.GetService<BlobNotifications>();
        if (notifications is null)
        {
            logger.LogInformation("No embedded blob store: blob triggers run in Azure Functions, not here");
            return;
        }

        var blobs = services.GetRequiredService<IBlobStore>();
        await Task.WhenAll(Discover(functions).Select(trigger => RunAsync(trigger, notifications, blobs, stoppingToken)));
    }

    internal static IEnumerable<BlobTriggerFunction> Discover(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<BlobTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where function is not null && trigger is not null
        select new BlobTriggerFunction(function.Name, trigger.BlobPath, method);

    private async Task RunAsync(BlobTriggerFunction trigger, BlobNotifications notifications, IBlobStore blobs, CancellationToken stoppingToken)
    {
        // Subscribe before scanning, so a blob written during the scan is not missed (at worst it is seen twice).
        var created = notifications.Subscribe(trigger.Container);
        try
        {
            await foreach (var existing in blobs.ListAsync(trigger.Container, "", stoppingToken))
            {
                await InvokeAsync(trigger, blobs, existing.Name, stoppingToken);
            }

            await foreach (var blob in created.ReadAllAsync(stoppingToken))
            {
                await InvokeAsync(trigger, blobs, blob.Name, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    private async Task InvokeAsync(BlobTriggerFunction trigger, IBlobStore blobs, string name, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var content = await blobs.OpenReadAsync(trigger.Container, name, stoppingToken);
            if (content is null)
            {
                return; // already handled (a duplicate event) or deleted
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await trigger.InvokeAsync(scope.ServiceProvider, content, name, stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (attempt >= RetryDelays.Length)
                {
                    // Like the Functions host after its retries; the blob stays and is tried again on the next start.
                    logger.LogError(e, "Function {Function} failed for blob {Container}/{Name}; giving up until restart", trigger.Name, trigger.Container, name);
                    return;
                }

                logger.LogWarning(e, "Function {Function} failed for blob {Container}/{Name}; retrying", trigger.Name, trigger.Container, name);
                await Task.Delay(RetryDelays[attempt], stoppingToken);
            }
        }
    }
}

/// <summary>One blob-triggered function and how to call it with a blob.</summary>
internal sealed class BlobTriggerFunction
{
    private readonly MethodInfo _method;
    private readonly ObjectFactory _factory;

    public BlobTriggerFunction(string name, string blobPath, MethodInfo method)
    {
        Name = name;
        var slash = blobPath.IndexOf('/', StringComparison.Ordinal);
        // The embedded host supports the one pattern the app uses: "container/{name}", where {name} is the rest of the path.
        if (slash <= 0 || blobPath[(slash + 1)..] != "{name}")
        {
            throw new InvalidOperationException($"Function {name}: blob path '{blobPath}' is not of the form 'container/{{name}}'.");
        }

        Container = blobPath[..slash];
        _method = method;
        _factory = ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
        foreach (var parameter in method.GetParameters())
        {
            var bindable = parameter.ParameterType == typeof(CancellationToken)
                || (parameter.Name == "name" && parameter.ParameterType == typeof(string))
                || (parameter.GetCustomAttribute<BlobTriggerAttribute>() is not null && parameter.ParameterType == typeof(Stream));
            if (!bindable)
            {
                throw new InvalidOperationException(
                    $"Function {name}: parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound by the embedded host.");
            }
        }
    }

    public string Name { get; }

    public string Container { get; }

    public async Task InvokeAsync(IServiceProvider services, Stream content, string blobName, CancellationToken cancellationToken)
    {
        var instance = _factory(services, []);
        var arguments = _method.GetParameters().Select(p =>
            p.ParameterType == typeof(CancellationToken) ? cancellationToken
            : p.ParameterType == typeof(Stream) ? content
            : (object)blobName).ToArray();
        try
        {
            if (_method.Invoke(instance, arguments) is Task task)
            {
                await task;
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }
}
