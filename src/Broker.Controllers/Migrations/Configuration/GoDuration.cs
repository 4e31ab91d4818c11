using System.Text.Json.Nodes;
using Broker.Cel;
using Broker.Cel.Values;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>Go's <c>time.ParseDuration</c> syntax (<c>90s</c>, <c>1m30s</c>, <c>1.5h</c>), read by CEL's own
/// <c>duration()</c> conversion so the project keeps one parser of it.</summary>
public static class GoDuration
{
    private static readonly CelProgram Parse = CelEnvironment.Create("text").Compile("duration(text)");

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (!Parse.TryEvaluate(new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["text"] = JsonValue.Create(text) }, out var result, out _)
            || result is not CelDuration duration)
        {
            return false;
        }

        value = duration.ToTimeSpan();
        return true;
    }
}
