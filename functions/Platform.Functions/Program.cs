using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Platform.Functions;
using Platform.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemDetailsMiddleware>();
// After the problem details middleware, so a missing or bad token is a 401 problem.
builder.UseCallerBinding();
builder.Services.AddPlatform(builder.Configuration);
builder.Build().Run();
