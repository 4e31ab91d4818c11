using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Broker.Json.Schema;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>
/// Validates CRD and bound (APIResourceSchema) objects with Broker.Json's structural schema validator:
/// pruning, defaults, types, required, enum, bounds, patterns. Resources without a schema pass unchanged.
/// x-kubernetes-validations are enforced only when a rule evaluator is supplied.
/// </summary>
public sealed class SchemaObjectValidator(IValidationRuleEvaluator? rules = null) : IObjectValidator
{
    // Parsed validators per schema instance; the catalog replaces schemas when CRDs or bindings change.
    private readonly ConditionalWeakTable<JsonObject, SchemaValidator?> _validators = [];

    public ObjectValidation Validate(ApiResource resource, JsonObject value, JsonObject? old)
    {
        if (resource.Schema is not { } schema || ValidatorFor(schema) is not { } validator)
        {
            return new ObjectValidation(value, []);
        }

        var result = old is null ? validator.Validate(value) : validator.ValidateUpdate(value, old);
        var causes = result.Errors.Select(e => new StatusCause(e.Type.ToString(), e.Message, e.Field)).ToList();
        return new ObjectValidation(result.Object as JsonObject ?? value, causes) { UnknownFields = result.UnknownFields };
    }

    private SchemaValidator? ValidatorFor(JsonObject schema) =>
        _validators.GetValue(schema, s =>
        {
            try
            {
                return new SchemaValidator(OpenApiSchema.Parse(s), rules);
            }
            catch (OpenApiSchemaException)
            {
                // A schema the validator cannot read is served unvalidated rather than making the type unusable.
                return null;
            }
        });
}
