using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Discovery;

/// <summary>Conversion strategy "None": only apiVersion changes (CRDs and APIResourceSchemas).</summary>
public sealed class ApiVersionRewriter(string group, string storageVersion) : IVersionConverter
{
    public JsonObject ToStorage(JsonObject value, string fromVersion)
    {
        value["apiVersion"] = GroupVersion(storageVersion);
        return value;
    }

    public JsonObject FromStorage(JsonObject value, string toVersion)
    {
        value["apiVersion"] = GroupVersion(toVersion);
        return value;
    }

    private string GroupVersion(string version) => group.Length == 0 ? version : $"{group}/{version}";
}
