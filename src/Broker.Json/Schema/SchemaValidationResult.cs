using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// The outcome of <see cref="SchemaValidator.Validate"/>: the object as Kubernetes would store
/// it (pruned and defaulted; a new node), every error, and the paths of pruned unknown fields
/// (for strict field validation: <c>unknown field "spec.foo"</c>).
/// </summary>
public sealed record SchemaValidationResult(JsonNode? Object, IReadOnlyList<FieldError> Errors, IReadOnlyList<string> UnknownFields)
{
    public bool IsValid => Errors.Count == 0;
}
