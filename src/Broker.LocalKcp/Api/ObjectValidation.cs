using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Api;

/// <summary>The outcome of schema validation: the object to store and the 422 causes, if any.</summary>
public sealed record ObjectValidation(JsonObject Object, IReadOnlyList<StatusCause> Causes)
{
    /// <summary>Paths of fields the schema does not know (pruned); an error under fieldValidation=Strict.</summary>
    public IReadOnlyList<string> UnknownFields { get; init; } = [];
}
