using System.Text.Json;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>Paths into a template as people write them: <c>spec.containers[0].env[1].value</c>, with keys that are
/// not identifiers in brackets (<c>metadata.labels["app.kubernetes.io/name"]</c>).</summary>
public static class JsonPath
{
    public static string Member(string parent, string key)
    {
        if (key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return parent.Length == 0 ? key : $"{parent}.{key}";
        }

        return $"{parent}[{JsonSerializer.Serialize(key)}]";
    }

    /// <summary><paramref name="relative"/> (a path from <see cref="Member"/> or <see cref="Index"/> under "") below <paramref name="parent"/>.</summary>
    public static string Join(string parent, string relative) =>
        parent.Length == 0 || relative.Length == 0 || relative[0] == '[' ? parent + relative : $"{parent}.{relative}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
