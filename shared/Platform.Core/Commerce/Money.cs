using System.Text.RegularExpressions;

namespace Platform.Core.Commerce;

/// <summary>An amount in the currency's minor unit (fen, cents) with its ISO 4217 code: integers, so totals never round.</summary>
public sealed partial record Money(long AmountMinor, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public static bool IsCurrencyCode(string? code) => code is not null && CurrencyCode().IsMatch(code);

    public Money Times(int quantity) => this with { AmountMinor = checked(AmountMinor * quantity) };

    public Money Plus(Money other) => other.Currency == Currency
        ? this with { AmountMinor = checked(AmountMinor + other.AmountMinor) }
        : throw new InvalidOperationException($"Cannot add {other.Currency} to {Currency}.");

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
