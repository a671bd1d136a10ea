using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Functions;
using Platform.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemDetailsMiddleware>();
// After the problem details middleware, so a missing or bad token is a 401 problem.
builder.UseCallerBinding();
builder.Services.AddPlatform(builder.Configuration)
    .AddOpenTelemetry()
    // The invocation's trace context and the worker's own spans (Functions worker), on top of the app's (PlatformTelemetry).
    .UseFunctionsWorkerDefaults();
builder.Build().Run();
