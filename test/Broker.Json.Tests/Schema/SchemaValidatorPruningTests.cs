using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class SchemaValidatorPruningTests
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "properties": {
                "known": {"type": "string"},
                "list": {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "integer"}}}},
                "labels": {"type": "object", "additionalProperties": {"type": "object", "properties": {"v": {"type": "string"}}}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"typed": {"type": "object", "properties": {"x": {"type": "string"}}}}},
                "anything": {"type": "object", "additionalProperties": true},
                "template": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {"spec": {"type": "object"}}},
                "nullable": {"type": "string", "nullable": true},
                "plain": {"type": "string"}
              }
            }
          }
        }
        """;

    private static readonly SchemaValidator Validator = new(OpenApiSchema.Parse(JsonNode.Parse(Schema)));

    [Test]
    public void Validate_UnknownFields_ArePrunedAndReported()
    {
        var input = JsonNode.Parse("""
            {"apiVersion":"x/v1","kind":"K","metadata":{"name":"n","labels":{"a":"b"},"whatever":{"dropped":true}},"status":{"s":1},
             "spec":{"known":"k","extra":1,"list":[{"a":1,"b":2}],"labels":{"l1":{"v":"1","w":"2"}},
                     "free":{"any":{"deep":[1]},"typed":{"x":"1","y":"2"}},"anything":{"a":{"b":1}},
                     "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","bogus":1},"spec":{"c":1},"other":1}}}
            """);

        var result = Validator.Validate(input);

        result.Object!.ToJsonString().ShouldBe("""
            {"apiVersion":"x/v1","kind":"K","metadata":{"name":"n","labels":{"a":"b"}},
             "spec":{"known":"k","list":[{"a":1}],"labels":{"l1":{"v":"1"}},
                     "free":{"any":{"deep":[1]},"typed":{"x":"1"}},"anything":{"a":{"b":1}},
                     "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}
            """.Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
        result.UnknownFields.ShouldBe([
            "metadata.whatever", "spec.extra", "spec.list[0].b", "spec.labels.l1.w", "spec.free.typed.y",
            "spec.template.metadata.bogus", "spec.template.spec.c", "spec.template.other", "status",
        ], ignoreOrder: true);
        result.IsValid.ShouldBeTrue();
    }

    [Test]
    public void Validate_NullOfNonNullableField_IsDroppedButNullableKept()
    {
        var result = Validator.Validate(JsonNode.Parse("""{"spec":{"plain":null,"nullable":null}}"""));

        result.Object!.ToJsonString().ShouldBe("""{"spec":{"nullable":null}}""");
        result.UnknownFields.ShouldBeEmpty();
    }

    [Test]
    public void Validate_NotResourceRoot_PrunesApiVersionKindAndMetadata()
    {
        var validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""")), isResourceRoot: false);

        var result = validator.Validate(JsonNode.Parse("""{"apiVersion":"v1","kind":"K","metadata":{},"a":"x"}"""));

        result.Object!.ToJsonString().ShouldBe("""{"a":"x"}""");
        result.UnknownFields.ShouldBe(["apiVersion", "kind", "metadata"]);
    }

    [Test]
    public void Prune_Input_IsNotMutated()
    {
        var input = JsonNode.Parse("""{"spec":{"extra":1,"known":"k"}}""")!;

        var pruned = Validator.Prune(input, out var unknown);

        pruned!.ToJsonString().ShouldBe("""{"spec":{"known":"k"}}""");
        unknown.ShouldBe(["spec.extra"]);
        input.ToJsonString().ShouldBe("""{"spec":{"extra":1,"known":"k"}}""");
    }

    [Test]
    public void Validate_WrongShapeUnderObjectSchema_PrunesThenReportsType()
    {
        var result = Validator.Validate(JsonNode.Parse("""{"spec":{"known":{"a":1}}}"""));

        result.Object!.ToJsonString().ShouldBe("""{"spec":{"known":{}}}""");
        result.Errors.ShouldBe([new FieldError("spec.known", FieldErrorType.FieldValueTypeInvalid,
            """Invalid value: "object": spec.known in body must be of type string: "object" """.TrimEnd())]);
    }
}
