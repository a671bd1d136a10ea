using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Core.Commerce;

/// <summary>
/// The webhook signature scheme: <c>Payment-Signature: v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c> with
/// <c>Payment-Timestamp: {unix seconds}</c>. Signing the timestamp with the body means an old delivery cannot be replayed
/// with a fresh timestamp.
/// </summary>
public static class PaymentSignature
{
    public const string TimestampHeader = "Payment-Timestamp";
    public const string SignatureHeader = "Payment-Signature";
    private const string Scheme = "v1=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) => Scheme + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    /// <summary>True when any <c>v1=</c> signature in the header was made with one of the secrets over this timestamp and body.</summary>
    public static bool IsValid(IEnumerable<string> secrets, long timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var candidates = signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith(Scheme, StringComparison.Ordinal))
            .Select(s => TryHex(s[Scheme.Length..]))
            .OfType<byte[]>()
            .ToList();
        foreach (var secret in secrets)
        {
            var expected = Mac(secret, timestamp, body);
            foreach (var candidate in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    private static byte[]? TryHex(string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
