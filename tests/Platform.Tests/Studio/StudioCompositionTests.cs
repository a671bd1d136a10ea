using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Azure.Studio;
using Platform.Core.Common;
using Platform.Core.Storage;
using Platform.Core.Studio;
using Microsoft.AspNetCore.TestHost;
using Platform.Embedded.Identity;
using Platform.Functions;
using Platform.Tests.Support;

namespace Platform.Tests.Studio;

public sealed class StudioCompositionTests
{
    [Fact]
    public void Without_a_model_the_offline_drafter_is_used()
    {
        using var provider = Build(new());

        Assert.IsType<OfflineDraftGenerator>(provider.GetRequiredService<IDraftGenerator>());
    }

    [Theory]
    [InlineData("https://drafts.openai.azure.com/", null, "azure-openai")]
    [InlineData("http://127.0.0.1:8080/v1", "local", "openai-compatible")]
    public void A_configured_endpoint_selects_the_model_drafter(string endpoint, string? apiKey, string name)
    {
        using var provider = Build(new()
        {
            ["Platform:OpenAI:Endpoint"] = endpoint,
            ["Platform:OpenAI:Deployment"] = "gpt-4o",
            ["Platform:OpenAI:ApiKey"] = apiKey,
        });
        _ = provider.GetRequiredService<IOptions<OpenAIOptions>>().Value; // validated on first use, as ValidateOnStart does

        var generator = Assert.IsType<OpenAIDraftGenerator>(provider.GetRequiredService<IDraftGenerator>());
        Assert.Equal(name, generator.Name);
    }

    [Theory]
    [InlineData("https://drafts.openai.azure.com/", null, null)]          // no deployment
    [InlineData("http://drafts.openai.azure.com/", "gpt-4o", null)]       // Azure needs https
    public void A_half_configured_model_is_refused_at_start(string endpoint, string? deployment, string? apiKey)
    {
        using var provider = Build(new()
        {
            ["Platform:OpenAI:Endpoint"] = endpoint,
            ["Platform:OpenAI:Deployment"] = deployment,
            ["Platform:OpenAI:ApiKey"] = apiKey,
        });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpenAIOptions>>().Value);
    }

    [Fact]
    public async Task A_suggestion_queued_before_a_restart_is_drafted_after_it()
    {
        var data = Directory.CreateTempSubdirectory("studio-restart-").FullName;
        var id = Ids.New();
        using (var before = new EmbeddedPlatform(dataPath: data))
        {
            // Accepted and stored with its job in the outbox, but the process stopped before the job was sent.
            var now = DateTimeOffset.UtcNow;
            await before.Services.GetRequiredService<IDocumentStore>().CreateAsync(Collections.Suggestions, "acme", id, new Suggestion
            {
                Id = id,
                BrandId = "acme",
                RequestedBy = "lee",
                Brief = new CreateSuggestionRequest(["p1"], "launch").ToBrief(),
                CreatedAt = now,
                UpdatedAt = now,
                PendingEvents = [SuggestionMessages.For(new SuggestionJob("acme", id), now)],
            }, CancellationToken.None);
        }

        using var after = new EmbeddedPlatform(dataPath: data);
        var client = after.ClientFor("lee", ["brand"], ["acme"]);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        SuggestionResponse suggestion;
        do
        {
            await Task.Delay(50, limit.Token);
            suggestion = (await client.GetFromJsonAsync<SuggestionResponse>($"/api/brands/acme/suggestions/{id}", PlatformJson.Options, limit.Token))!;
        }
        while (suggestion.Status is SuggestionStatus.Queued or SuggestionStatus.Running);

        Assert.Equal(SuggestionStatus.Succeeded, suggestion.Status);
        Assert.Equal(3, suggestion.Drafts.Count);
    }

    [Fact]
    public async Task A_suggestion_that_keeps_failing_for_other_reasons_ends_failed_not_running()
    {
        using var platform = new EmbeddedPlatform(new Dictionary<string, string?>
        {
            ["Platform:Studio:MaxJobDeliveries"] = "2",
            ["Platform:Embedded:Messaging:RetryBaseDelay"] = "00:00:00.100",
        });
        using var broken = platform.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStudioInsights, BrokenInsights>()));
        var client = broken.CreateClient();
        var token = broken.Services.GetRequiredService<DevTokenIssuer>().Issue(new DevTokenRequest("lee", "lee", ["brand"], ["acme"])).AccessToken;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var productId = await SuggestionsApiTests.ProductAsync(client, "acme");
        var accepted = await client.PostAsJsonAsync("/api/brands/acme/suggestions", new { productIds = new[] { productId }, goal = "launch" });
        var url = (await accepted.Content.ReadFromJsonAsync<SuggestionAccepted>(PlatformJson.Options))!.StatusUrl;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        SuggestionResponse suggestion;
        do
        {
            await Task.Delay(100, limit.Token);
            suggestion = (await client.GetFromJsonAsync<SuggestionResponse>(url, PlatformJson.Options, limit.Token))!;
        }
        while (suggestion.Status is SuggestionStatus.Queued or SuggestionStatus.Running);

        Assert.Equal(SuggestionStatus.Failed, suggestion.Status);
        Assert.Equal("studio.processing_failed", suggestion.Failure!.Code);
    }

    private sealed class BrokenInsights : IStudioInsights
    {
        public Task<StudioInsights> GetAsync(InsightScope scope, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The analytics store is down.");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Platform:Embedded:DataPath"] = Directory.CreateTempSubdirectory("studio-composition-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPlatform(configuration);
        return services.BuildServiceProvider();
    }
}
