using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Discovery;

/// <summary>Converts objects of one kind between a served version and the storage version (in place or as a copy).</summary>
public interface IVersionConverter
{
    JsonObject ToStorage(JsonObject value, string fromVersion);

    JsonObject FromStorage(JsonObject value, string toVersion);
}
