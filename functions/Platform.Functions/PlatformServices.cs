using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Azure;
using Platform.Core;
using Platform.Core.Common;
using Platform.Embedded;
using Platform.Functions.Http;
using Platform.Functions.OpenApi;
using Platform.Functions.Studio;
using Platform.Functions.Telemetry;

namespace Platform.Functions;

public static class PlatformServices
{
    /// <summary>
    /// Everything both hosts need: the application, the HTTP plumbing, and one set of adapters chosen here, once,
    /// from <c>Platform:Mode</c>.
    /// </summary>
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        // A secret Azure could not fetch arrives as the reference's text; starting with it would be worse than not starting.
        KeyVaultReferences.EnsureResolved(configuration);
        var options = configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
        if (new PlatformOptionsValidator().Validate(PlatformOptions.Section, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(PlatformOptions.Section, typeof(PlatformOptions), invalid.Failures);
        }

        services.AddPlatformCore();
        services.AddSingleton<CallerAuthenticator>();
        services.AddStudioHosting(configuration);
        services.AddPlatformHttpJson();
        services.AddSingleton<OpenApiDocumentSource>();
        services.AddPlatformTelemetry(configuration, azure: options.Mode == PlatformMode.Azure);

        if (options.Mode == PlatformMode.Azure)
        {
            AddAzure(services);
        }
        else
        {
            AddEmbedded(services);
        }

        return services;
    }

    // One method per adapter set, never inlined: compiling a method loads the assemblies it calls into, so the Functions app
    // in Azure mode never loads Platform.Embedded (nor Lucene, SQLite) and the embedded host never loads the Azure SDKs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddAzure(IServiceCollection services) => services.AddAzureAdapters();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddEmbedded(IServiceCollection services) => services.AddEmbeddedAdapters();

    /// <summary>The API's JSON: the converters of <see cref="PlatformJson.Options"/> (enums by name) on the web defaults.</summary>
    public static IServiceCollection AddPlatformHttpJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in PlatformJson.Options.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }
        });
}
