using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.OpenApi;

namespace Platform.Functions.OpenApi;

/// <summary>
/// The OpenAPI document as JSON, generated once per process from the function classes. The Functions app has no ASP.NET
/// Core endpoints to describe, so this maps the same routes with the same metadata as the embedded host into an
/// endpoint data source of its own (nothing listens) and asks Microsoft.AspNetCore.OpenApi for the document.
/// </summary>
public sealed class OpenApiDocumentSource
{
    private readonly Lazy<Task<string>> _json;

    public OpenApiDocumentSource()
        : this(typeof(OpenApiDocumentSource).Assembly, HttpFunctionRoutes.CurrentRoutePrefix())
    {
    }

    public OpenApiDocumentSource(Assembly functions, string routePrefix) =>
        _json = new Lazy<Task<string>>(() => GenerateAsync(functions, routePrefix));

    public Task<string> GetJsonAsync() => _json.Value;

    private static async Task<string> GenerateAsync(Assembly functions, string routePrefix)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment
        {
            ApplicationName = functions.GetName().Name!,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            ContentRootFileProvider = new NullFileProvider(),
        });
        services.AddRouting();
        services.AddPlatformHttpJson();
        services.AddPlatformOpenApi();
        var sources = new List<EndpointDataSource>();
        services.AddSingleton<EndpointDataSource>(_ => new CompositeEndpointDataSource(sources));

        await using var provider = services.BuildServiceProvider();
        var routes = new DescriptionRoutes(provider, sources);
        foreach (var function in HttpFunctionRoutes.Discover(functions, routePrefix))
        {
            // Described, never invoked: the Functions host runs the function itself.
            routes.MapMethods(function.Path, function.Methods, _ => Task.CompletedTask).WithFunctionContract(function);
        }

        var document = await provider.GetRequiredKeyedService<IOpenApiDocumentProvider>(PlatformOpenApi.DocumentName).GetOpenApiDocumentAsync();
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
    }

    private sealed class DescriptionRoutes(IServiceProvider services, ICollection<EndpointDataSource> sources) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;

        public ICollection<EndpointDataSource> DataSources => sources;

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
