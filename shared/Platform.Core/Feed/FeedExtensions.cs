using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Messaging;

namespace Platform.Core.Feed;

public static class FeedExtensions
{
    /// <summary>The "For you" feed, reader profiles, and their subscription to reader activity on the events topic.</summary>
    public static IServiceCollection AddFeed(this IServiceCollection services)
    {
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedOptions>, FeedOptionsValidator>();
        services.AddSingleton<ReaderProfiles>();
        services.AddSingleton<FeedService>();
        services.AddSingleton<IPersonalDataParticipant, ReaderProfilePersonalData>();
        services.AddMessageHandler<ReaderActivityFeedHandler>(Destinations.Events, Destinations.EventSubscriptions.Feed);
        return services;
    }
}
