using Platform.Embedded.Hosting;
using Platform.Functions;
using Platform.Functions.Http;
using Platform.Functions.Notes;
using Platform.LocalHost;

var functions = FunctionEndpoints.DiscoverInBackground(typeof(NoteFunctions).Assembly, Path.Combine(AppContext.BaseDirectory, "host.json"));
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    // Settings are read once at start (nothing binds them for change), so appsettings.json is not watched: watching it
    // would set an inotify watch on every folder under the content root (about 100 next to the app, 500 before its satellite
    // resources were trimmed, or the project's bin and obj under dotnet run).
    // A later --hostBuilder:reloadConfigOnChange=true still turns it on.
    Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
    // Settings (appsettings*.json) are read from the working directory when it has them (dotnet run in the project folder),
    // otherwise from next to the app, so a published host runs from any directory. Data (.platform-data) stays in the working directory.
    ContentRootPath = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? null : AppContext.BaseDirectory,
});
builder.Services.AddPlatform(builder.Configuration);
builder.Services.AddHttpClient(PaymentSimulatorEndpoints.LoopbackClient);
builder.Services.AddHostedServiceAfterFirstAnswer(sp => ActivatorUtilities.CreateInstance<BlobTriggerDispatcher>(sp, typeof(NoteFunctions).Assembly));

var app = builder.Build();
var warmUp = StartUpWarmUp.Begin();
warmUp.Services(app.Services);
// Background work at start waits for the first answer (or a second): see FirstAnswerGate.
if (app.Services.GetService<FirstAnswerGate>() is { } firstAnswer)
{
    // Once open, requests pass straight through (no extra async step on every request).
    app.Use((context, next) => firstAnswer.IsOpen ? next(context) : AnswerAsync(context, next));

    async Task AnswerAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        firstAnswer.Answered();
    }
}

app.UseWebClient();
app.UseMiddleware<ErrorHandling>();
// Unknown routes and methods answer with problem details too.
app.UseStatusCodePages(context => Problems.ForStatus(
    context.HttpContext.Response.StatusCode,
    context.HttpContext.Response.StatusCode == StatusCodes.Status405MethodNotAllowed ? "route.method_not_allowed" : "route.not_found",
    context.HttpContext).ExecuteAsync(context.HttpContext));
app.MapHttpFunctions(await functions);
app.MapDevTokens();
if (app.Services.Has<Platform.Embedded.Payments.SimulatedPaymentProvider>())
{
    app.MapPaymentSimulator();
}
// The simulator's pay links and webhooks use the address the host really listens on (any port), once it listens.
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
        .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
    if (app.Services.GetService<Platform.Embedded.Payments.EmbeddedHostAddress>() is { } host
        && PaymentSimulatorEndpoints.ListeningAddress(addresses) is { } address)
    {
        host.BaseUrl = address;
    }
});
app.MapBlobUploads();
app.MapApiReference();
warmUp.Routes(app);
app.Run();

