using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Community;
using Platform.Core.Messaging;

namespace Platform.Core.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Inboxes, their routes' service, erasure, and the <c>notifications</c> subscription of the events topic.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationInbox>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<IPersonalDataParticipant, NotificationPersonalData>();
        services.AddMessageHandler<NotificationsHandler>(Destinations.Events, Destinations.EventSubscriptions.Notifications);
        return services;
    }
}
