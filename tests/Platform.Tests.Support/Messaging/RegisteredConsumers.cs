using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Functions;

namespace Platform.Tests.Support;

/// <summary>The queues and subscriptions the app's composition binds a handler to (<c>AddMessageHandler</c>), as entity paths.</summary>
public static class RegisteredConsumers
{
    public static IReadOnlyList<MessageSubscription> All()
    {
        var services = new ServiceCollection();
        services.AddPlatform(new ConfigurationBuilder().Build());
        return services
            .Where(d => d.ServiceType == typeof(MessageSubscription))
            .Select(d => (MessageSubscription)d.ImplementationInstance!)
            .ToList();
    }

    /// <summary><c>orders</c>, <c>events/subscriptions/search</c>, ...</summary>
    public static IReadOnlyList<string> Paths() => [.. All().Select(s => s.Path).Order(StringComparer.Ordinal)];
}
