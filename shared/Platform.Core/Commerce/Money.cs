using System.Text.RegularExpressions;
using Platform.Core.Common;

namespace Platform.Core.Commerce;

/// <summary>An amount in the currency's minor unit (fen, cents) with its ISO 4217 code: integers, so totals never round.</summary>
public sealed partial record Money(long AmountMinor, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public static bool IsCurrencyCode(string? code) => code is not null && CurrencyCode().IsMatch(code);

    public Money Times(int quantity) => this with { AmountMinor = Checked(() => checked(AmountMinor * quantity)) };

    public Money Plus(Money other) => other.Currency == Currency
        ? this with { AmountMinor = Checked(() => checked(AmountMinor + other.AmountMinor)) }
        : throw new InvalidOperationException($"Cannot add {other.Currency} to {Currency}.");

    /// <summary>
    /// Prices and fees are bounded where they are entered, so totals stay far from overflowing; one that still does
    /// (data written before the bound) is refused as a client-facing 422, never a 500.
    /// </summary>
    private static long Checked(Func<long> sum)
    {
        try
        {
            return sum();
        }
        catch (OverflowException)
        {
            throw new PlatformException(ErrorKind.Unprocessable, "money.amount_too_large", "The total is too large to be charged.");
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
