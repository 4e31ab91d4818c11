using System.Text;
using System.Text.Json;

namespace Broker.LocalKcp.Api;

/// <summary>The opaque continue token of a paged list: the list's revision and the last key returned.</summary>
public sealed record ContinueToken(long Revision, string LastKey)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>(StringComparer.Ordinal) { ["rv"] = Revision, ["start"] = LastKey })));

    public static ContinueToken Decode(string token)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(token));
            return new ContinueToken(document.RootElement.GetProperty("rv").GetInt64(), document.RootElement.GetProperty("start").GetString() ?? "");
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw StatusException.BadRequest($"invalid continue token: {e.Message}");
        }
    }
}
