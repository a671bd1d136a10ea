using Platform.Core.Common;
using Platform.Functions.Http;

namespace Platform.LocalHost;

/// <summary>The embedded host's counterpart of the worker's problem-details middleware: same mapping, same answers.</summary>
internal sealed class ErrorHandling(RequestDelegate next, ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && Problems.Expected(exception) is { } error)
        {
            await Problems.For(error, context).ExecuteAsync(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "Request {Method} {Path} failed unexpectedly", context.Request.Method, context.Request.Path);
            await Problems.Unexpected(context).ExecuteAsync(context);
        }
    }
}
