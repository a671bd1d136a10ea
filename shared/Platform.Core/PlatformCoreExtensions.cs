using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Commerce;
using Platform.Core.Community;
using Platform.Core.Feed;
using Platform.Core.Identity;
using Platform.Core.Integrity;
using Platform.Core.Media;
using Platform.Core.Messaging;
using Platform.Core.Notes;
using Platform.Core.Notifications;
using Platform.Core.Readers;
using Platform.Core.Search;
using Platform.Core.Storage;
using Platform.Core.Studio;

namespace Platform.Core;

public static class PlatformCoreExtensions
{
    /// <summary>The application services, independent of which adapters back the ports.</summary>
    public static IServiceCollection AddPlatformCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IAccessTokenValidator, JwtAccessTokenValidator>();
        services.AddSingleton<ErasedAccounts>();

        services.AddOptions<NoteLimitsOptions>().BindConfiguration(NoteLimitsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NoteLimitsOptions>, NoteLimitsOptionsValidator>();
        services.AddSingleton<Health.DependencyHealth>();
        services.AddSingleton<NoteService>();
        services.AddMedia();
        services.AddSearch();
        services.AddIntegrity();
        services.AddCommunity();
        services.AddFeed();
        services.AddReaderEvents();
        services.AddNotifications();

        services.AddMessagingCore();
        services.AddOutbox(Collections.Notes);

        services.AddCommerce();
        services.AddStudio();
        return services;
    }
}
