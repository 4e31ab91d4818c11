using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Broker.Json.Schema;

/// <summary>
/// The string formats Kubernetes checks for CRDs (go-openapi's strfmt registry) that are cheap to
/// check exactly. Formats not listed here are accepted, as Kubernetes accepts unknown formats.
/// </summary>
internal static partial class StringFormats
{
    public static bool IsValid(string format, string text) => format switch
    {
        "date-time" or "datetime" => DateTimePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text.Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uuid" => UuidPattern().IsMatch(text),
        "uuid3" => UuidPattern().IsMatch(text) && UuidVersion(text) == '3',
        "uuid4" => UuidPattern().IsMatch(text) && UuidVersion(text) == '4' && IsRfc4122Variant(text),
        "uuid5" => UuidPattern().IsMatch(text) && UuidVersion(text) == '5' && IsRfc4122Variant(text),
        "byte" => text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _),
        "ipv4" => Ipv4Pattern().IsMatch(text) && IPAddress.TryParse(text, out _),
        "ipv6" => text.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
        "cidr" => IsCidr(text),
        "mac" => MacPattern().IsMatch(text),
        _ => true,
    };

    private static char UuidVersion(string text) => text.Replace("-", string.Empty, StringComparison.Ordinal)[12];

    private static bool IsRfc4122Variant(string text) =>
        text.Replace("-", string.Empty, StringComparison.Ordinal)[16] is '8' or '9' or 'a' or 'b' or 'A' or 'B';

    private static bool IsCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        return prefix <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }

    // RFC 3339 as strfmt accepts it: "T", "t" or " " between date and time, optional fraction, a zone.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DateTimePattern();

    // 32 hex digits in 8-4-4-4-12 groups; strfmt makes each hyphen optional.
    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UuidPattern();

    // IPAddress.TryParse alone accepts "1" or "1.2"; require a dotted quad.
    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Ipv4Pattern();

    // EUI-48/EUI-64 with ":" or "-" separators, or Cisco-style dotted groups.
    [GeneratedRegex(@"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MacPattern();
}
