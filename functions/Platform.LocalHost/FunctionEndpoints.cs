using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Platform.LocalHost;

/// <summary>
/// Maps every HTTP-triggered function in an assembly to an ASP.NET Core endpoint with the same route and methods,
/// invoking the same method on the same class, so both hosts run identical code.
/// </summary>
internal static class FunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, Assembly functions, string routePrefix)
    {
        foreach (var function in Discover(functions))
        {
            var route = "/" + string.Join('/', new[] { routePrefix, function.Route }.Where(p => p.Length > 0));
            endpoints.MapMethods(route, function.Methods, function.InvokeAsync).WithName(function.Name);
        }
    }

    /// <summary>The route prefix the Functions host uses (host.json <c>extensions.http.routePrefix</c>, "api" by default).</summary>
    public static string ReadRoutePrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return "api";
        }

        using var json = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        return json.RootElement.TryGetProperty("extensions", out var ext)
            && ext.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? ""
            : "api";
    }

    internal static IEnumerable<HttpFunction> Discover(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where function is not null && trigger is not null
        select new HttpFunction(function.Name, trigger.Route ?? function.Name,
            trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? ["GET", "POST", "PUT", "PATCH", "DELETE"], method);
}

/// <summary>One HTTP function and how to call it with what a request carries.</summary>
internal sealed class HttpFunction
{
    private readonly MethodInfo _method;
    private readonly ObjectFactory _factory;
    private readonly Func<HttpContext, object?>[] _arguments;

    public HttpFunction(string name, string route, string[] methods, MethodInfo method)
    {
        Name = name;
        Route = route;
        Methods = methods;
        _method = method;
        _factory = ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
        _arguments = method.GetParameters().Select(Binder).ToArray();
    }

    public string Name { get; }

    public string Route { get; }

    public string[] Methods { get; }

    public async Task InvokeAsync(HttpContext context)
    {
        var instance = _factory(context.RequestServices, []);
        var returned = _method.Invoke(instance, _arguments.Select(a => a(context)).ToArray());
        var result = returned switch
        {
            Task<IResult> task => await task,
            IResult value => value,
            _ => throw new InvalidOperationException($"Function {Name} must return IResult or Task<IResult>."),
        };
        await result.ExecuteAsync(context);
    }

    // The same bindings the isolated worker makes for an HTTP function: the request, cancellation, and route values by name.
    private Func<HttpContext, object?> Binder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return c => c.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return c => c.RequestAborted;
        }

        if (Route.Contains('{' + parameter.Name + '}', StringComparison.Ordinal) || Route.Contains('{' + parameter.Name + ':', StringComparison.Ordinal))
        {
            var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
            return c => c.Request.RouteValues[parameter.Name!] is string raw ? converter.ConvertFromInvariantString(raw) : null;
        }

        throw new InvalidOperationException(
            $"Function {Name}: parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound by the embedded host.");
    }
}
