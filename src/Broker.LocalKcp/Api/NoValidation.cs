using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>Accepts everything unchanged.</summary>
public sealed class NoValidation : IObjectValidator
{
    public ObjectValidation Validate(ApiResource resource, JsonObject value, JsonObject? old) => new(value, []);
}
