using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Messaging;
using Platform.Core.Storage;
using Platform.Core.Studio.Analytics;

namespace Platform.Core.Studio;

public static class StudioExtensions
{
    /// <summary>
    /// The brand studio: analytics, drafting, checks, ranking and the suggestion workflow. The ports other features
    /// implement (product facts, exemplars, integrity rules) get stand-ins only when nothing else registered them,
    /// and the offline drafter is the generator unless a model is configured.
    /// </summary>
    public static IServiceCollection AddStudio(this IServiceCollection services)
    {
        services.AddOptions<StudioOptions>().BindConfiguration(StudioOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StudioOptions>, StudioOptionsValidator>();

        services.AddSingleton<ContentAnalytics>();
        services.AddSingleton<SearchDemand>();
        services.AddSingleton<ContentAnalyticsHandler>();
        services.TryAddSingleton<IStudioInsights>(sp => sp.GetRequiredService<ContentAnalytics>());
        services.TryAddSingleton<IExemplarSource, SearchExemplarSource>();
        services.TryAddSingleton<IStudioProductFacts, CatalogProductFacts>();
        services.TryAddSingleton<IDraftIntegrityRules, CommunityIntegrityRules>();
        services.TryAddSingleton<IDraftGenerator, OfflineDraftGenerator>();

        services.AddSingleton<DraftPromptBuilder>();
        services.AddSingleton<DraftPostProcessor>();
        services.AddSingleton<EngagementPredictor>();
        services.AddSingleton<StudioQuota>();
        services.AddSingleton<SuggestionService>();
        services.AddSingleton<Collaboration.Campaigns>();
        services.AddSingleton<Collaboration.CreatorDiscovery>();
        services.AddSingleton<SuggestionWorker>();
        services.AddSingleton<IPersonalDataParticipant, StudioPersonalData>();
        services.AddOutbox(Collections.Suggestions);
        services.AddMessageHandler<SuggestionJobHandler>(Destinations.Suggestions);
        services.AddMessageHandler<AnalyticsEventHandler>(Destinations.Events, Destinations.EventSubscriptions.Analytics);
        return services;
    }
}
