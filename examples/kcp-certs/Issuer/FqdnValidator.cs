using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KcpCerts.Issuer;

/// <summary>Checks <c>spec.fqdn</c> the way the Certificate schema's rule does, so an object that slipped past an older
/// or laxer schema gets a clear condition instead of a certificate nobody can use.</summary>
internal static partial class FqdnValidator
{
    private const int MaxLength = 253;

    /// <summary>Reads <c>spec.fqdn</c> (or the API's <paramref name="field"/>, e.g. commonName): the name, or null and what is wrong with it.</summary>
    public static (string? Fqdn, string? Problem) Read(JsonObject certificate, string field = "fqdn")
    {
        var node = certificate["spec"]?[field];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var fqdn = value.GetValue<string>();
            return Problem(fqdn, field) is { } problem ? (null, problem) : (fqdn, null);
        }

        return (null, node is null ? Problem(null, field) : $"spec.{field} must be a string such as app.internal.corp, not {node.ToJsonString()}");
    }

    /// <summary>Null when <paramref name="fqdn"/> is a usable DNS name, otherwise what is wrong with it.</summary>
    public static string? Problem(string? fqdn, string field = "fqdn")
    {
        if (string.IsNullOrEmpty(fqdn))
        {
            return $"spec.{field} is required, e.g. app.internal.corp";
        }

        if (fqdn.Length > MaxLength)
        {
            return $"spec.{field} is {fqdn.Length} characters long; a DNS name has at most {MaxLength}";
        }

        if (!DnsName().IsMatch(fqdn))
        {
            return $"spec.{field} '{fqdn}' is not a lower-case DNS name such as app.internal.corp (labels of a-z, 0-9 and '-', at most 63 characters each, separated by dots)";
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DnsName();
}
