using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// Everything a rule sees. <see cref="HasOldSelf"/> is false on create and for values that
/// have no correlated old value (new map keys, items of lists that are not list-type map);
/// Kubernetes skips transition rules (those using oldSelf) then, unless
/// <see cref="ValidationRule.OptionalOldSelf"/> is set. The nodes must not be mutated.
/// </summary>
public sealed record ValidationRuleContext(
    ValidationRule Rule,
    OpenApiSchema Schema,
    JsonNode? Self,
    bool HasOldSelf,
    JsonNode? OldSelf,
    string FieldPath);
