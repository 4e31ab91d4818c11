using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

/// <summary>
/// One validation pass over a (pruned, defaulted) value, collecting every problem. Errors come
/// in Kubernetes' order: OpenAPI value validation, embedded resources, list-type uniqueness, rules.
/// Not thread-safe; <see cref="SchemaValidator"/> makes one per call.
/// </summary>
internal sealed partial class ValueValidator(IValidationRuleEvaluator? evaluator)
{
    private readonly List<FieldError> _schemaErrors = [];
    private readonly List<FieldError> _embeddedErrors = [];
    private readonly List<FieldError> _listErrors = [];
    private readonly List<FieldError> _ruleErrors = [];

    public IReadOnlyList<FieldError> Errors => [.. _schemaErrors, .. _embeddedErrors, .. _listErrors, .. _ruleErrors];

    /// <param name="old">The correlated old value, when <paramref name="hasOld"/>.</param>
    public void Validate(JsonNode? value, OpenApiSchema schema, string path, bool hasOld, JsonNode? old)
    {
        if (hasOld && JsonEquality.DeepEquals(value, old))
        {
            return; // ratcheting (Kubernetes 1.30+): an unchanged value keeps passing even if the schema tightened
        }

        if (!CheckType(value, schema, path))
        {
            return;
        }

        if (value is null)
        {
            // kube-openapi checks an allowed null against enum too: a nullable enum must list null.
            CheckEnum(value, schema, path);
            return;
        }

        var kind = value.GetValueKind();
        switch (kind)
        {
            case JsonValueKind.String:
                CheckString(value, schema, path);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, schema, path);
                break;
        }

        CheckEnum(value, schema, path);
        CheckCombinators(value, schema, path);
        switch (value)
        {
            case JsonArray array:
                CheckArray(array, schema, path, hasOld ? old as JsonArray : null);
                break;
            case JsonObject obj:
                CheckObject(obj, schema, path, hasOld ? old as JsonObject : null);
                break;
        }

        CheckRules(value, schema, path, hasOld, old);
    }

    private bool CheckType(JsonNode? value, OpenApiSchema schema, string path)
    {
        var expected = schema.IntOrString ? "integer,string" : schema.Type;
        if (expected is null)
        {
            return true;
        }

        var actual = RuntimeType(value);
        var matches = actual switch
        {
            "null" => schema.Nullable,
            "integer" => expected is "integer" or "number" or "integer,string",
            "string" => expected is "string" or "integer,string",
            _ => actual == expected,
        };
        if (!matches)
        {
            _schemaErrors.Add(new FieldError(
                path, FieldErrorType.FieldValueTypeInvalid, $"Invalid value: {GoFormat.Quote(actual)}: {InBody(path)} must be of type {expected}: {GoFormat.Quote(actual)}"));
        }

        return matches;
    }

    private void CheckEnum(JsonNode? value, OpenApiSchema schema, string path)
    {
        if (schema.Enum is not { } allowed || allowed.Any(a => JsonEquality.DeepEquals(a, value)))
        {
            return;
        }

        var supported = allowed.Select(a => GoFormat.Quote(a?.GetValueKind() == JsonValueKind.String ? JsonEquality.StringValue(a) : a?.ToJsonString() ?? "null"));
        _schemaErrors.Add(new FieldError(
            path, FieldErrorType.FieldValueNotSupported, $"Unsupported value: {GoFormat.Value(value)}: supported values: {string.Join(", ", supported)}"));
    }

    private void CheckCombinators(JsonNode value, OpenApiSchema schema, string path)
    {
        foreach (var branch in schema.AllOf)
        {
            Validate(value, branch, path, hasOld: false, old: null);
        }

        if (schema.AnyOf.Count > 0 && !schema.AnyOf.Any(b => Matches(value, b, path)))
        {
            Invalid(path, value, $"{InBody(path)} must validate at least one schema (anyOf)");
        }

        if (schema.OneOf.Count > 0 && schema.OneOf.Count(b => Matches(value, b, path)) != 1)
        {
            Invalid(path, value, $"{InBody(path)} must validate one and only one schema (oneOf)");
        }

        if (schema.Not is { } not && Matches(value, not, path))
        {
            Invalid(path, value, $"{InBody(path)} must not validate the schema (not)");
        }
    }

    private static bool Matches(JsonNode value, OpenApiSchema branch, string path)
    {
        var probe = new ValueValidator(evaluator: null);
        probe.Validate(value, branch, path, hasOld: false, old: null);
        return probe._schemaErrors.Count == 0 && probe._listErrors.Count == 0;
    }

    private void Invalid(string path, JsonNode? value, string detail) =>
        _schemaErrors.Add(new FieldError(path, FieldErrorType.FieldValueInvalid, $"Invalid value: {GoFormat.Value(value)}: {detail}"));

    /// <summary>kube-openapi names a field "&lt;path&gt; in body".</summary>
    private static string InBody(string path) => $"{path} in body";

    internal static string RuntimeType(JsonNode? value) => JsonEquality.KindOf(value) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => JsonNumber.IsInteger(value!.ToJsonString()) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
