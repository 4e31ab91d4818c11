using System.Globalization;

namespace Broker.Json.Schema;

/// <summary>Kubernetes field paths: "spec.filters[0].key"; the root is "".</summary>
internal static class FieldPaths
{
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}
