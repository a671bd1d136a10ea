using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Platform.Core.Common;

namespace Platform.Core.Commerce;

/// <summary>
/// A payment provider: takes the buyer's money on its own hosted page and tells the platform by a signed webhook
/// (see <see cref="PaymentWebhookReceiver"/>). Adapters: an HTTP gateway in Azure, a simulated provider embedded.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Starts the payment of an order, or returns the one already started for it (idempotent per order id).</summary>
    Task<PaymentSession> StartPaymentAsync(PaymentRequest request, CancellationToken cancellationToken);

    /// <summary>Pays money back from a captured payment; idempotent per <see cref="RefundRequest.RefundId"/>.</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// What the provider knows of an order's payment, null when none was started. The payment timeout asks before it
    /// cancels, so a payment whose webhook was lost is honoured instead of silently kept.
    /// </summary>
    Task<ProviderPayment?> FindPaymentAsync(string orderId, CancellationToken cancellationToken);
}

/// <summary>An order's payment as the provider sees it.</summary>
public sealed record ProviderPayment(string PaymentId, string OrderId, Money Amount, ProviderPaymentStatus Status);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ProviderPaymentStatus>))]
public enum ProviderPaymentStatus
{
    /// <summary>Started, not (yet) paid.</summary>
    Open,
    Succeeded,
    Failed,
}

/// <summary>What the buyer is asked to pay, and until when.</summary>
public sealed record PaymentRequest(string OrderId, Money Amount, string Description, DateTimeOffset ExpiresAt);

/// <summary>A started payment: where the buyer pays.</summary>
public sealed record PaymentSession(string PaymentId, string OrderId, Uri PayUrl, Money Amount, DateTimeOffset ExpiresAt);

public sealed record RefundRequest(string RefundId, string PaymentId, string OrderId, Money Amount, string Reason);

public sealed record RefundResult(string ProviderRefundId, Money Amount);

/// <summary>A provider's webhook notification (the signed JSON body).</summary>
public sealed record PaymentEvent(string Id, string Type, DateTimeOffset CreatedAt, string PaymentId, string OrderId, Money Amount)
{
    public const string PaymentSucceeded = "payment.succeeded";
    public const string PaymentFailed = "payment.failed";
}

/// <summary>
/// Settings of the payment provider shared by both modes. The webhook secret is how the platform knows a notification came
/// from the provider: in Azure a Key Vault reference (<c>@Microsoft.KeyVault(SecretUri=...)</c>); embedded, created in the
/// data folder when unset and shared with the simulated provider.
/// </summary>
public sealed class PaymentOptions
{
    public const string Section = "Platform:Payments";

    /// <summary>HMAC-SHA256 key the provider signs webhooks with.</summary>
    [Required]
    [MinLength(16)]
    [ResolvedSecret]
    public string WebhookSecret { get; set; } = "";

    /// <summary>The previous secret while a rotation is under way: signatures by either are accepted.</summary>
    [ResolvedSecret]
    public string? PreviousWebhookSecret { get; set; }

    /// <summary>How far a webhook's timestamp may be from now; older (or future) deliveries are refused as replays.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Checks <see cref="PaymentOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class PaymentOptionsValidator : IValidateOptions<PaymentOptions>;
