using System.Reflection;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Messaging;
using Platform.Functions.Messaging.ServiceBus;

namespace Platform.Tests.Messaging;

/// <summary>
/// The app's Service Bus-triggered functions (compiled here against the test-only stand-in of the extension's two types):
/// which settle call they make for each handler outcome, and what their trigger attributes bind to.
/// </summary>
public sealed class ServiceBusTriggerTests : IAsyncLifetime
{
    private EmbeddedMessagingHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedMessagingHost.StartAsync(run: false,
            handlers: s => s.AddMessageHandler<RecordingHandler>(Destinations.Events, Destinations.EventSubscriptions.Search));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private EventTriggers Triggers => new(_host.Services.GetRequiredService<MessageDispatcher>());

    [Fact]
    public async Task A_handled_message_is_completed()
    {
        var (message, actions) = Received("""{"seq":1}""");

        await Triggers.OnEventForSearch(message, actions, default);

        Assert.Equal(["complete"], actions.Calls);
        Assert.Single(_host.Recorder.Handled);
    }

    [Fact]
    public async Task A_transient_failure_abandons_the_message_so_the_broker_redelivers_it()
    {
        var (message, actions) = Received("""{"fail":1}""");

        await Triggers.OnEventForSearch(message, actions, default);

        Assert.Equal(["abandon"], actions.Calls);
        Assert.Empty(_host.Recorder.Handled);
    }

    [Fact]
    public async Task Poison_is_dead_lettered_with_its_reason_and_description()
    {
        var (message, actions) = Received("""{"poison":true}""");
        var (garbage, garbageActions) = Received("{{{");

        await Triggers.OnEventForSearch(message, actions, default);
        await Triggers.OnEventForSearch(garbage, garbageActions, default);

        Assert.Equal(["dead-letter:test.poison:This message can never be handled."], actions.Calls);
        Assert.StartsWith("dead-letter:message.invalid_body:", Assert.Single(garbageActions.Calls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivery_of_a_handled_message_is_completed_without_running_the_handler_again()
    {
        var (message, actions) = Received("""{"seq":1}""", messageId: "same-id");
        var (again, againActions) = Received("""{"seq":1}""", messageId: "same-id", deliveryCount: 2);

        await Triggers.OnEventForSearch(message, actions, default);
        await Triggers.OnEventForSearch(again, againActions, default);

        Assert.Equal(["complete"], againActions.Calls);
        Assert.Single(_host.Recorder.Handled);
    }

    [Fact]
    public void The_trigger_binds_the_search_subscription_with_explicit_settlement()
    {
        var trigger = typeof(EventTriggers).GetMethod(nameof(EventTriggers.OnEventForSearch))!
            .GetParameters()[0].GetCustomAttribute<ServiceBusTriggerAttribute>()!;

        Assert.Equal((Destinations.Events, Destinations.EventSubscriptions.Search, "ServiceBus", false),
            (trigger.TopicName, trigger.SubscriptionName, trigger.Connection, trigger.AutoCompleteMessages));
        Assert.Equal(nameof(EventTriggers.OnEventForSearch),
            typeof(EventTriggers).GetMethod(nameof(EventTriggers.OnEventForSearch))!.GetCustomAttribute<FunctionAttribute>()!.Name);
    }

    private static (ServiceBusReceivedMessage, RecordingMessageActions) Received(string body, string? messageId = null, int deliveryCount = 1) =>
        (ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body), messageId: messageId ?? Guid.NewGuid().ToString("N"), subject: "note.created",
            deliveryCount: deliveryCount, lockTokenGuid: Guid.NewGuid()), new RecordingMessageActions());
}
