using System.Buffers.Text;
using System.Text.Json;

namespace Broker.Kcp.Kubeconfig;

/// <summary>An OIDC id-token as sent to the server, and when it expires (its JWT <c>exp</c> claim; null when it has none
/// or is no JWT: then it is used until the server rejects it).</summary>
public sealed record OidcToken(string IdToken, DateTimeOffset? Expires) : IBearerCredential
{
    public string? Token => IdToken;

    public static OidcToken From(string idToken) => new(idToken, ExpiryOf(idToken));

    /// <summary>Keeps the token out of logs.</summary>
    public override string ToString() => $"OidcToken {{ Expires = {Expires?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} }}";

    // The broker does not verify the token (the server does); it only reads when to renew it.
    private static DateTimeOffset? ExpiryOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
