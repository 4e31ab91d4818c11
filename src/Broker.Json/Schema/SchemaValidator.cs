using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// Validates objects against one structural schema the way the Kubernetes API server handles a
/// custom resource: prune unknown fields, apply defaults, then validate. Immutable and
/// thread-safe; inputs are never mutated.
/// </summary>
/// <param name="schema">The openAPIV3Schema of one version.</param>
/// <param name="ruleEvaluator">Evaluates x-kubernetes-validations; without one the rules are not enforced.</param>
/// <param name="isResourceRoot">The schema describes a whole resource: apiVersion, kind and metadata are kept at the root.</param>
public sealed class SchemaValidator(OpenApiSchema schema, IValidationRuleEvaluator? ruleEvaluator = null, bool isResourceRoot = true)
{
    public OpenApiSchema Schema { get; } = schema ?? throw new ArgumentNullException(nameof(schema));

    /// <summary>Prune, default and validate a new object (create).</summary>
    public SchemaValidationResult Validate(JsonNode? obj) => Run(obj, hasOld: false, oldObject: null);

    /// <summary>
    /// Prune, default and validate an update; <paramref name="oldObject"/> (as stored) feeds
    /// transition rules (oldSelf). Values equal to their old counterpart are not re-validated
    /// (Kubernetes' validation ratcheting), so tightening a schema does not block unrelated updates.
    /// </summary>
    public SchemaValidationResult ValidateUpdate(JsonNode? obj, JsonNode? oldObject) =>
        Run(obj, hasOld: true, JsonSnapshot.Freeze(oldObject)); // a private copy: the stored object may be read by other requests

    /// <summary>A copy without the members the schema does not keep.</summary>
    public JsonNode? Prune(JsonNode? obj, out IReadOnlyList<string> unknownFields)
    {
        var copy = obj?.DeepClone();
        var unknown = new List<string>();
        SchemaPruner.Prune(copy, Schema, isResourceRoot, string.Empty, unknown);
        unknownFields = unknown;
        return copy;
    }

    /// <summary>A copy with defaults applied (no pruning).</summary>
    public JsonNode? ApplyDefaults(JsonNode? obj)
    {
        var copy = obj?.DeepClone();
        SchemaDefaulter.Apply(copy, Schema);
        return copy;
    }

    /// <summary>Validation alone, of an object already pruned and defaulted.</summary>
    public IReadOnlyList<FieldError> ValidateValues(JsonNode? obj) => Check(JsonSnapshot.Freeze(obj), hasOld: false, oldObject: null);

    /// <summary>Validation alone, of an update already pruned and defaulted.</summary>
    public IReadOnlyList<FieldError> ValidateUpdateValues(JsonNode? obj, JsonNode? oldObject) =>
        Check(JsonSnapshot.Freeze(obj), hasOld: true, JsonSnapshot.Freeze(oldObject));

    private SchemaValidationResult Run(JsonNode? obj, bool hasOld, JsonNode? oldObject)
    {
        var copy = Prune(obj, out var unknownFields);
        SchemaDefaulter.Apply(copy, Schema);
        return new SchemaValidationResult(copy, Check(copy, hasOld, oldObject), unknownFields);
    }

    private IReadOnlyList<FieldError> Check(JsonNode? obj, bool hasOld, JsonNode? oldObject)
    {
        var validator = new ValueValidator(ruleEvaluator);
        validator.Validate(obj, Schema, string.Empty, hasOld, oldObject);
        return validator.Errors;
    }
}
