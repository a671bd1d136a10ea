using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Azure.Messaging;

/// <summary>The Service Bus namespace the app sends to, reached with the app's managed identity (no connection string).</summary>
public sealed class ServiceBusOptions
{
    public const string Section = "Platform:ServiceBus";

    /// <summary>e.g. <c>platform-xyz.servicebus.windows.net</c>. The triggers read the same namespace from
    /// <c>ServiceBus__fullyQualifiedNamespace</c> (the binding's <c>Connection = "ServiceBus"</c>).</summary>
    [Required]
    public string? FullyQualifiedNamespace { get; set; }
}

/// <summary>Checks <see cref="ServiceBusOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class ServiceBusOptionsValidator : IValidateOptions<ServiceBusOptions>;
