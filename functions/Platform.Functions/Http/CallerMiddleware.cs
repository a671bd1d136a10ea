using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Core.Identity;
using Platform.Functions.OpenApi;

namespace Platform.Functions.Http;

/// <summary>
/// Isolated worker: authenticates the caller of an HTTP function that declares a <see cref="Caller"/> parameter before it
/// runs (401 problems come from <see cref="ProblemDetailsMiddleware"/>, which wraps this one); <see cref="CallerConverter"/>
/// then binds the parameter.
/// </summary>
internal sealed class CallerMiddleware(CallerAuthenticator auth) : IFunctionsWorkerMiddleware
{
    private static readonly FrozenDictionary<string, CallerRequirement> Requirements = HttpFunctionRoutes
        .Discover(typeof(CallerMiddleware).Assembly, "")
        .ToFrozenDictionary(f => f.Name, f => CallerAuthenticator.RequirementOf(f.Method));

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (Requirements.TryGetValue(context.FunctionDefinition.Name, out var requirement) && context.GetHttpContext() is { } http)
        {
            await auth.ResolveAsync(http, requirement, context.CancellationToken);
        }

        await next(context);
    }
}

/// <summary>Isolated worker: binds a function's <see cref="Caller"/> parameter to the caller <see cref="CallerMiddleware"/> found.</summary>
internal sealed class CallerConverter : IInputConverter
{
    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context) => new(
        context.TargetType == typeof(Caller)
            ? ConversionResult.Success(CallerAuthenticator.Bound(context.FunctionContext.GetHttpContext()))
            : ConversionResult.Unhandled());
}

public static class CallerBinding
{
    /// <summary>Registers the worker middleware and converter that bind <see cref="Caller"/> parameters.</summary>
    public static IFunctionsWorkerApplicationBuilder UseCallerBinding(this IFunctionsWorkerApplicationBuilder builder)
    {
        builder.Services.Configure<WorkerOptions>(options => options.InputConverters.RegisterAt<CallerConverter>(0));
        return builder.UseMiddleware<CallerMiddleware>();
    }
}
