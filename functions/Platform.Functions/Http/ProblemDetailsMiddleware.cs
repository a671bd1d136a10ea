using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;

namespace Platform.Functions.Http;

/// <summary>
/// Turns exceptions from HTTP functions into problem details (the worker ignores AddProblemDetails).
/// Other triggers rethrow, so the host's retry and dead-letter handling still sees the failure.
/// </summary>
internal sealed class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            var result = Problems.Expected(Unwrap(exception)) is { } error
                ? Problems.For(error, http)
                : LogUnexpected(exception, context.FunctionDefinition.Name, http);
            await result.ExecuteAsync(http);
        }
    }

    private Microsoft.AspNetCore.Http.IResult LogUnexpected(Exception exception, string function, Microsoft.AspNetCore.Http.HttpContext http)
    {
        logger.LogError(exception, "Function {Function} failed unexpectedly", function);
        return Problems.Unexpected(http);
    }

    // The worker may wrap what the function threw.
    private static Exception Unwrap(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };
}
