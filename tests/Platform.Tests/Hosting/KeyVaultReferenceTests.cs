using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Commerce;
using Platform.Functions;

namespace Platform.Tests.Hosting;

/// <summary>
/// Azure hands an unresolved Key Vault reference to the app as its literal text, long enough to pass a length check.
/// The app refuses it instead of signing webhooks with it.
/// </summary>
public sealed class KeyVaultReferenceTests
{
    private const string Reference = "@Microsoft.KeyVault(VaultName=kv-platform;SecretName=payments-webhook-secret)";

    [Theory]
    [InlineData(Reference)]
    [InlineData(" @microsoft.keyvault(SecretUri=https://kv-platform.vault.azure.net/secrets/payments-webhook-secret/)")]
    public void The_webhook_secret_refuses_an_unresolved_reference(string value)
    {
        var options = new PaymentOptions { WebhookSecret = value };

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(PaymentOptions.WebhookSecret)));
    }

    [Fact]
    public void A_previous_secret_that_is_an_unresolved_reference_is_refused_too()
    {
        var options = new PaymentOptions { WebhookSecret = "a-real-secret-0123456789", PreviousWebhookSecret = Reference };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public void Start_up_fails_naming_the_setting_but_not_its_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Azure",
            ["Platform:Payments:WebhookSecret"] = Reference,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddPlatform(configuration));

        Assert.Contains("Platform:Payments:WebhookSecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-platform", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_secret_passes()
    {
        var options = new PaymentOptions { WebhookSecret = "zY3-not-a-reference-0123456789" };

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
