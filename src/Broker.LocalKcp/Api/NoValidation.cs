using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>Accepts everything; used for resources without a schema.</summary>
public sealed class NoValidation : IObjectValidator
{
    public IReadOnlyList<StatusCause> Validate(ApiResource resource, JsonObject value) => [];
}
