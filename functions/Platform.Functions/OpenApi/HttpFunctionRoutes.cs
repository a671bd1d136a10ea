using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Platform.Functions.OpenApi;

/// <summary>An HTTP-triggered function: its name, route (with the host's prefix), methods and the method that runs it.</summary>
public sealed record HttpFunctionRoute(string Name, string Path, IReadOnlyList<string> Methods, MethodInfo Method);

/// <summary>Finds the HTTP functions of an assembly as the Worker SDK does: by <c>[Function]</c> and <c>[HttpTrigger]</c>.</summary>
public static class HttpFunctionRoutes
{
    public static IReadOnlyList<HttpFunctionRoute> Discover(Assembly assembly, string routePrefix) =>
        (from type in assembly.GetTypes()
         from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
         let function = method.GetCustomAttribute<FunctionAttribute>()
         let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
         where function is not null && trigger is not null
         let route = trigger.Route ?? function.Name
         select new HttpFunctionRoute(
             function.Name,
             "/" + string.Join('/', new[] { routePrefix, route }.Where(p => p.Length > 0)),
             trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete],
             method))
        .OrderBy(f => f.Path, StringComparer.Ordinal)
        .ThenBy(f => f.Name, StringComparer.Ordinal)
        .ToList();

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

    /// <summary>The prefix of the app this code runs in (host.json sits next to the app's assemblies in both hosts).</summary>
    public static string CurrentRoutePrefix() => ReadRoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json"));
}
