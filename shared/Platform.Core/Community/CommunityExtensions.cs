using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Integrity;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Storage;

namespace Platform.Core.Community;

public static class CommunityExtensions
{
    /// <summary>Engagement, comments, profiles, the following view, privacy, and the counters behind them.</summary>
    public static IServiceCollection AddCommunity(this IServiceCollection services)
    {
        services.AddOptions<CommunityOptions>().BindConfiguration(CommunityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CommunityOptions>, CommunityOptionsValidator>();
        services.AddSingleton<CounterStore>();
        services.AddOutbox(Collections.Counters); // note counters carry note.engagement_changed for search and analytics
        services.AddSingleton<CounterSweeper>();
        services.AddSingleton<EngagementService>();
        services.AddSingleton<CommentService>();
        services.AddSingleton<IModeratedContent, CommentModeration>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<MentionResolver>();
        services.AddSingleton<INotePolicy, MentionNotePolicy>();
        // Likes, collects, follows and comments carry their events (notifications) in their own documents.
        services.AddOutbox(Collections.Likes);
        services.AddOutbox(Collections.Collects);
        services.AddOutbox(Collections.Follows);
        services.AddOutbox(Collections.Comments);
        services.AddSingleton<FollowingFeed>();
        services.AddSingleton<PrivacyService>();
        return services;
    }
}
