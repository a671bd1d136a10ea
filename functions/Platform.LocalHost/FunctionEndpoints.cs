using System.ComponentModel;
using System.Reflection;
using Platform.Core.Identity;
using Platform.Functions.Http;
using Platform.Functions.OpenApi;

namespace Platform.LocalHost;

/// <summary>
/// Maps every HTTP-triggered function in an assembly to an ASP.NET Core endpoint with the same route and methods,
/// invoking the same method on the same class, so both hosts run identical code. The OpenAPI document is the Functions
/// app's own (<see cref="OpenApiDocumentSource"/>, see <see cref="ApiReference"/>), so these endpoints carry no description.
/// </summary>
internal static class FunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        foreach (var function in functions)
        {
            endpoints.MapMethods(function.Route.Path, function.Route.Methods, function.InvokeAsync);
        }
    }

    /// <summary>
    /// Reads the route prefix the Functions host uses (<paramref name="hostJson"/>'s <c>extensions.http.routePrefix</c>, "api"
    /// by default) and finds the functions on the thread pool, beside the host's own start-up instead of before it (parsing
    /// host.json alone was about 35 ms of the main thread: System.Text.Json's first use).
    /// </summary>
    public static Task<List<HttpFunction>> DiscoverInBackground(Assembly functions, string hostJson) =>
        Task.Run(() => Discover(functions, HttpFunctionRoutes.ReadRoutePrefix(hostJson)).ToList());

    internal static IEnumerable<HttpFunction> Discover(Assembly assembly, string routePrefix = "") =>
        HttpFunctionRoutes.Discover(assembly, routePrefix).Select(route => new HttpFunction(route));
}

/// <summary>One HTTP function and how to call it with what a request carries.</summary>
internal sealed class HttpFunction
{
    // The factory compiles an expression per class: made on the function's first call, not for all of them before the host
    // listens (that was a tenth of a cold start).
    private readonly Lazy<ObjectFactory> _factory;
    private readonly Func<HttpContext, object?>[] _arguments;
    private readonly CallerRequirement _caller;
    private readonly PropertyInfo? _taskResult;

    public HttpFunction(HttpFunctionRoute route)
    {
        Route = route;
        _factory = new(() => ActivatorUtilities.CreateFactory(route.Method.DeclaringType!, []));
        _arguments = route.Method.GetParameters().Select(Binder).ToArray();
        _caller = CallerAuthenticator.RequirementOf(route.Method);
        // Task<T> for any typed result T (Ok<NoteResponse>, Results<Ok<T>, Created<T>>, ...): its Result, read once awaited.
        _taskResult = route.Method.ReturnType is { IsGenericType: true } returns && returns.GetGenericTypeDefinition() == typeof(Task<>)
            ? returns.GetProperty(nameof(Task<object>.Result))
            : null;
    }

    public HttpFunctionRoute Route { get; }

    public string Name => Route.Name;

    public async Task InvokeAsync(HttpContext context)
    {
        // As the worker's CallerMiddleware does: authenticate first (a 401 problem), then bind the Caller parameter.
        await context.RequestServices.GetRequiredService<CallerAuthenticator>().ResolveAsync(context, _caller, context.RequestAborted);
        var instance = _factory.Value(context.RequestServices, []);
        var returned = Route.Method.Invoke(instance, _arguments.Select(a => a(context)).ToArray());
        if (returned is Task task)
        {
            await task;
            returned = _taskResult?.GetValue(task);
        }

        var result = returned as IResult
            ?? throw new InvalidOperationException($"Function {Name} must return an IResult (e.g. Ok<T> or Results<...>) or a task of one.");
        await result.ExecuteAsync(context);
    }

    // The same bindings the isolated worker makes for an HTTP function: the request, the caller, cancellation, and route values by name.
    private Func<HttpContext, object?> Binder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return c => c.Request;
        }

        if (parameter.ParameterType == typeof(Caller))
        {
            return CallerAuthenticator.Bound;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return c => c.RequestAborted;
        }

        if (Route.Path.Contains('{' + parameter.Name + '}', StringComparison.Ordinal) || Route.Path.Contains('{' + parameter.Name + ':', StringComparison.Ordinal))
        {
            // Route values are strings, as every id here is: no converter (TypeDescriptor's set-up is slow on a cold start).
            if (parameter.ParameterType == typeof(string))
            {
                return c => c.Request.RouteValues[parameter.Name!] as string;
            }

            var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
            return c => c.Request.RouteValues[parameter.Name!] is string raw ? converter.ConvertFromInvariantString(raw) : null;
        }

        throw new InvalidOperationException(
            $"Function {Name}: parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound by the embedded host.");
    }
}
