using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class SchemaValidatorRuleTests
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "x-kubernetes-validations": [
                {"rule": "fail"},
                {"rule": "fail", "message": "  spec is wrong  "},
                {"rule": "fail-expr", "message": "fallback", "messageExpression": "'computed'"},
                {"rule": "fail", "message": "x is forbidden", "reason": "FieldValueForbidden", "fieldPath": ".x"},
                {"rule": "fail", "message": "x is required", "reason": "FieldValueRequired", "fieldPath": ".x"},
                {"rule": "fail", "message": "dup", "reason": "FieldValueDuplicate"},
                {"rule": "error", "message": "boom rule"},
                {"rule": "error"},
                {"rule": "pass"}
              ],
              "properties": {"x": {"type": "string"}}
            }
          }
        }
        """;

    [Test]
    public void Validate_FailingRules_ReportedAsKubernetesCelValidator()
    {
        var validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse(Schema)), new ScriptedEvaluator());

        var errors = validator.Validate(JsonNode.Parse("""{"spec":{"x":"1"}}""")).Errors;

        errors.ShouldBe([
            new FieldError("spec", FieldErrorType.FieldValueInvalid, "Invalid value: \"object\": failed rule: fail"),
            new FieldError("spec", FieldErrorType.FieldValueInvalid, "Invalid value: \"object\": spec is wrong"),
            new FieldError("spec", FieldErrorType.FieldValueInvalid, "Invalid value: \"object\": computed"),
            new FieldError("spec.x", FieldErrorType.FieldValueForbidden, "Forbidden: x is forbidden"),
            new FieldError("spec.x", FieldErrorType.FieldValueRequired, "Required value: x is required"),
            new FieldError("spec", FieldErrorType.FieldValueDuplicate, "Duplicate value: \"object\""),
            new FieldError("spec", FieldErrorType.FieldValueInvalid, "Invalid value: \"object\": no such key: y evaluating rule: boom rule"),
            new FieldError("spec", FieldErrorType.FieldValueInvalid, "Invalid value: \"object\": no such key: y evaluating rule: error"),
        ]);
    }

    [TestCase("", ".spec.x", "spec.x")]
    [TestCase("spec", ".list[2].name", "spec.list[2].name")]
    [TestCase("spec", "['a.b'].c", "spec[a.b].c")]
    [TestCase("spec", "[0]", "spec[0]")]
    public void Validate_RuleWithFieldPath_ReportsAtKubernetesFieldPath(string declaredAt, string fieldPath, string expected)
    {
        var rule = $$"""{"x-kubernetes-validations":[{"rule":"fail","message":"m","fieldPath":"{{fieldPath}}"}]}""";
        var schema = declaredAt.Length == 0
            ? """{"type":"object",""" + rule[1..]
            : """{"type":"object","properties":{"spec":{"type":"object",""" + rule[1..] + "}}";

        var errors = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse(schema)), new ScriptedEvaluator(), isResourceRoot: false)
            .Validate(JsonNode.Parse("""{"spec":{}}""")).Errors;

        errors.ShouldBe([new FieldError(expected, FieldErrorType.FieldValueInvalid, "Invalid value: \"object\": m")]);
    }

    [Test]
    public void Validate_NoEvaluator_RulesAreNotEnforced()
    {
        new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse(Schema))).Validate(JsonNode.Parse("""{"spec":{}}""")).IsValid.ShouldBeTrue();
    }

    [Test]
    public void Validate_RulesComeAfterSchemaAndListErrors()
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""
            {"type":"object","x-kubernetes-validations":[{"rule":"fail"}],"properties":{
              "s":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},"n":{"type":"integer","minimum":5}}}
            """));

        var errors = new SchemaValidator(schema, new ScriptedEvaluator(), isResourceRoot: false).Validate(JsonNode.Parse("""{"s":["a","a"],"n":1}"""));

        errors.Errors.Select(e => e.Field).ShouldBe(["n", "s[1]", ""]);
    }

    [Test]
    public void ValidateUpdate_CorrelatesOldValuesByPropertyAndMapKey()
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "name":{"type":"string","x-kubernetes-validations":[{"rule":"record"}]},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","x-kubernetes-validations":[{"rule":"record"}],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
              "tags":{"type":"array","items":{"type":"string","x-kubernetes-validations":[{"rule":"record"}]}}}}}}
            """));
        var recorder = new RecordingEvaluator();
        var validator = new SchemaValidator(schema, recorder);

        var result = validator.ValidateUpdate(
            JsonNode.Parse("""{"spec":{"name":"new","ports":[{"name":"b","port":2},{"name":"a","port":10}],"tags":["t"]}}"""),
            JsonNode.Parse("""{"spec":{"name":"old","ports":[{"name":"a","port":1}],"tags":["u"]}}"""));

        result.IsValid.ShouldBeTrue();
        recorder.Calls.ShouldBe([
            "spec.name self=\"new\" old=\"old\"",
            "spec.ports[0] self={\"name\":\"b\",\"port\":2} old=(none)",
            "spec.ports[1] self={\"name\":\"a\",\"port\":10} old={\"name\":\"a\",\"port\":1}",
            "spec.tags[0] self=\"t\" old=(none)",
        ]);
    }

    [Test]
    public void ValidateUpdate_UnchangedInvalidValues_AreRatchetedButChangedOnesReported()
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","required":["must"],"properties":{
              "must":{"type":"string"},"a":{"type":"integer","minimum":5},"b":{"type":"integer","minimum":5},
              "c":{"type":"object","required":["x"],"properties":{"x":{"type":"string"}}}}}}}
            """));
        var validator = new SchemaValidator(schema);
        var old = JsonNode.Parse("""{"spec":{"must":"m","a":1,"b":1,"c":{}}}""");

        var unchanged = validator.ValidateUpdate(JsonNode.Parse("""{"spec":{"must":"m","a":1,"b":1,"c":{}}}"""), old);
        var changed = validator.ValidateUpdate(JsonNode.Parse("""{"spec":{"a":1,"b":2,"c":{}}}"""), old);

        unchanged.Errors.ShouldBeEmpty();
        validator.Validate(old).Errors.Count.ShouldBe(3);
        changed.Errors.ShouldBe([
            new FieldError("spec.must", FieldErrorType.FieldValueRequired, "Required value"),
            new FieldError("spec.b", FieldErrorType.FieldValueInvalid, "Invalid value: 2: spec.b in body should be greater than or equal to 5"),
        ]);
    }

    [Test]
    public void Validate_Create_HasNoOldSelf()
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","x-kubernetes-validations":[{"rule":"record"}]}"""));
        var recorder = new RecordingEvaluator();

        new SchemaValidator(schema, recorder, isResourceRoot: false).Validate(JsonNode.Parse("{}"));

        recorder.Calls.ShouldBe([" self={} old=(none)"]);
    }

    /// <summary>Acts on the rule text: "pass", "fail", "fail-expr" (with a computed message) and "error".</summary>
    private sealed class ScriptedEvaluator : IValidationRuleEvaluator
    {
        public ValidationRuleResult Evaluate(ValidationRuleContext context) => context.Rule.Rule switch
        {
            "pass" => ValidationRuleResult.Pass,
            "fail-expr" => ValidationRuleResult.Fail("computed"),
            "error" => ValidationRuleResult.Error("no such key: y"),
            _ => ValidationRuleResult.Fail(),
        };
    }

    private sealed class RecordingEvaluator : IValidationRuleEvaluator
    {
        private readonly Lock _gate = new();

        public List<string> Calls { get; } = [];

        public ValidationRuleResult Evaluate(ValidationRuleContext context)
        {
            lock (_gate)
            {
                Calls.Add($"{context.FieldPath} self={context.Self?.ToJsonString()} old={(context.HasOldSelf ? context.OldSelf?.ToJsonString() ?? "null" : "(none)")}");
            }

            return ValidationRuleResult.Pass;
        }
    }
}
