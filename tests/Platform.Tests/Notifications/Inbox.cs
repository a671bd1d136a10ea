using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Messaging;
using Platform.Core.Notifications;
using Platform.Tests.Community;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>Helpers for the notification tests: read an inbox, wait for the bus, hand the handler an event directly.</summary>
internal static class Inbox
{
    public static async Task<NotificationPage> ReadAsync(HttpClient client, string url = "/api/me/notifications") =>
        await Api.ReadAsync<NotificationPage>(await client.GetAsync(url));

    /// <summary>Reads the inbox until <paramref name="done"/> holds (events travel through the bus); fails after a while.</summary>
    public static async Task<NotificationPage> WaitForAsync(HttpClient client, Func<NotificationPage, bool> done, string url = "/api/me/notifications")
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var page = await ReadAsync(client, url);
            if (done(page))
            {
                return page;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The inbox never got there: " + JsonSerializer.Serialize(page, PlatformJson.Options));
            await Task.Delay(50);
        }
    }

    public static async Task<long> UnreadAsync(HttpClient client, string url = "/api/me/notifications/unread-count") =>
        (await Api.ReadAsync<UnreadCount>(await client.GetAsync(url))).Unread;

    /// <summary>Waits until every message sent so far has been handled by every subscription (the embedded queue is empty).</summary>
    public static async Task DrainAsync(EmbeddedPlatform platform)
    {
        // A marker sent after everything else: once the subscription has handled it, what went before has had its turn.
        var bus = platform.Services.GetRequiredService<IMessageBus>();
        var marker = OutgoingMessage.Create(Destinations.Events, "test.marker", new { }, sessionId: Ids.New());
        await bus.PublishAsync([marker], CancellationToken.None);
        var processed = platform.Services.GetRequiredService<ProcessedMessages>();
        var subscription = new MessageSubscription(Destinations.Events, Destinations.EventSubscriptions.Notifications, typeof(NotificationsHandler));
        var clock = Stopwatch.StartNew();
        while (!await processed.WasProcessedAsync(subscription, marker.Id, CancellationToken.None))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The notifications subscription did not catch up.");
            await Task.Delay(20);
        }
    }

    /// <summary>Hands the notifications handler one event as the bus would (same id on every call: a redelivery).</summary>
    public static Task DeliverAsync(EmbeddedPlatform platform, string id, string type, object body)
    {
        var handler = new NotificationsHandler(platform.Services.GetRequiredService<NotificationInbox>(), platform.Services.GetRequiredService<ErasedAccounts>());
        return handler.HandleAsync(new IncomingMessage
        {
            Id = id,
            Source = Destinations.Events,
            Subscription = Destinations.EventSubscriptions.Notifications,
            Type = type,
            Body = JsonSerializer.Serialize(body, PlatformJson.Options),
        }, CancellationToken.None);
    }

    public static async Task<HttpStatusCode> PostAsync(HttpClient client, string url) => (await client.PostAsync(url, null)).StatusCode;

    public static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body);
}
