using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class SchemaValidatorDefaultingTests
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "default": {},
              "properties": {
                "priority": {"type": "integer", "default": 0},
                "mode": {"type": "string", "default": "auto", "enum": ["auto", "manual"]},
                "maybe": {"type": "string", "nullable": true, "default": "d"},
                "config": {"type": "object", "default": {"enabled": true}, "properties": {"enabled": {"type": "boolean"}, "retries": {"type": "integer", "default": 3}}},
                "items": {"type": "array", "items": {"type": "object", "properties": {"w": {"type": "integer", "default": 1}}}},
                "weights": {"type": "object", "additionalProperties": {"type": "object", "properties": {"w": {"type": "integer", "default": 5}}}},
                "extra": {"type": "string", "default": "x"}
              }
            }
          }
        }
        """;

    private static readonly SchemaValidator Validator = new(OpenApiSchema.Parse(JsonNode.Parse(Schema)));

    [Test]
    public void Validate_MissingFields_GetDefaultsIncludingNestedOnes()
    {
        var result = Validator.Validate(JsonNode.Parse("""{"spec":{"items":[{},{"w":2}],"weights":{"a":{}},"mode":null,"maybe":null}}"""));

        result.Object!.ToJsonString().ShouldBe(
            """{"spec":{"items":[{"w":1},{"w":2}],"weights":{"a":{"w":5}},"mode":"auto","maybe":null,"priority":0,"config":{"enabled":true,"retries":3},"extra":"x"}}""");
        result.IsValid.ShouldBeTrue();
    }

    [Test]
    public void Validate_AbsentParentWithDefault_IsCreatedAndFilled()
    {
        var result = Validator.Validate(JsonNode.Parse("""{"apiVersion":"x/v1","kind":"K"}"""));

        result.Object!.ToJsonString().ShouldBe(
            """{"apiVersion":"x/v1","kind":"K","spec":{"priority":0,"mode":"auto","maybe":"d","config":{"enabled":true,"retries":3},"extra":"x"}}""");
    }

    [Test]
    public void Validate_PresentValues_AreNotOverwritten()
    {
        var result = Validator.Validate(JsonNode.Parse("""{"spec":{"priority":7,"mode":"manual","config":{"enabled":false,"retries":0}}}"""));

        result.Object!["spec"]!.ToJsonString().ShouldBe("""{"priority":7,"mode":"manual","config":{"enabled":false,"retries":0},"maybe":"d","extra":"x"}""");
    }

    [Test]
    public void ApplyDefaults_Twice_SharesNoNodesWithSchemaOrInput()
    {
        var input = JsonNode.Parse("""{"spec":{}}""")!;

        var first = Validator.ApplyDefaults(input)!;
        first["spec"]!["config"]!["enabled"] = false;
        var second = Validator.ApplyDefaults(input)!;

        second["spec"]!["config"]!["enabled"]!.GetValue<bool>().ShouldBeTrue();
        input.ToJsonString().ShouldBe("""{"spec":{}}""");
    }

    [Test]
    public void Validate_DefaultThenValidate_InvalidDefaultedValueIsReported()
    {
        var validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"n":{"type":"integer","default":0,"minimum":1}}}""")));

        validator.Validate(new JsonObject()).Errors.ShouldBe([
            new FieldError("n", FieldErrorType.FieldValueInvalid, "Invalid value: 0: n in body should be greater than or equal to 1"),
        ]);
    }

    [Test]
    public void Validate_ConcurrentCalls_GiveIdenticalResults()
    {
        var input = JsonNode.Parse("""{"spec":{"items":[{},{}],"weights":{"a":{},"b":{}},"unknown":1}}""")!.ToJsonString();

        var outputs = Enumerable.Range(0, 64).AsParallel()
            .Select(_ => Validator.Validate(JsonNode.Parse(input)))
            .Select(r => r.Object!.ToJsonString() + string.Join(",", r.UnknownFields))
            .Distinct()
            .ToList();

        outputs.Count.ShouldBe(1);
    }

    [Test]
    public void Validate_NullDefault_CountsAsNoDefault()
    {
        var validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","nullable":true,"default":null}}}""")));

        validator.Validate(new JsonObject()).Object!.ToJsonString().ShouldBe("{}");
    }
}
