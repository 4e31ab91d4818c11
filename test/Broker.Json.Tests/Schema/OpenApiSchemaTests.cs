using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class OpenApiSchemaTests
{
    [Test]
    public void Parse_CrdSchema_ExposesEveryKeyword()
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""
            {
              "type": "object",
              "description": "AcceptAPI",
              "required": ["spec"],
              "properties": {
                "spec": {
                  "type": "object",
                  "x-kubernetes-validations": [
                    {"rule": "self.a == oldSelf.a", "message": "immutable", "reason": "FieldValueForbidden", "fieldPath": ".a"},
                    {"rule": "size(self.b) > 0", "messageExpression": "'b: ' + self.b", "optionalOldSelf": true}
                  ],
                  "properties": {
                    "a": {"type": "string", "minLength": 1, "maxLength": 63, "pattern": "^[a-z]+$", "enum": ["x", "y"], "default": "x", "format": "dns"},
                    "n": {"type": "integer", "minimum": 1, "maximum": 10, "exclusiveMaximum": true, "multipleOf": 2, "nullable": true},
                    "list": {"type": "array", "minItems": 1, "maxItems": 5, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                             "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 3, "x-kubernetes-map-type": "granular"},
                    "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                    "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}
                  }
                }
              }
            }
            """));

        schema.Type.ShouldBe("object");
        schema.Description.ShouldBe("AcceptAPI");
        schema.Required.ShouldBe(["spec"]);
        var spec = schema.Properties["spec"];
        spec.Properties.Keys.ShouldBe(["a", "n", "list", "labels", "free", "port", "template"]);
        spec.Validations.ShouldBe([
            new ValidationRule("self.a == oldSelf.a", "immutable", FieldPath: ".a", Reason: FieldErrorType.FieldValueForbidden),
            new ValidationRule("size(self.b) > 0", MessageExpression: "'b: ' + self.b", OptionalOldSelf: true),
        ]);
        var a = spec.Properties["a"];
        (a.MinLength, a.MaxLength, a.Pattern, a.Format, a.HasDefault, a.Default!.ToJsonString()).ShouldBe((1L, 63L, "^[a-z]+$", "dns", true, "\"x\""));
        a.Enum!.Select(e => e!.ToJsonString()).ShouldBe(["\"x\"", "\"y\""]);
        var n = spec.Properties["n"];
        (n.Minimum, n.Maximum, n.ExclusiveMinimum, n.ExclusiveMaximum, n.MultipleOf, n.Nullable).ShouldBe((1d, 10d, false, true, 2d, true));
        var list = spec.Properties["list"];
        (list.MinItems, list.MaxItems, list.ListType, list.Items!.Type).ShouldBe((1L, 5L, "map", "object"));
        list.ListMapKeys.ShouldBe(["name"]);
        var labels = spec.Properties["labels"];
        (labels.AdditionalProperties!.Type, labels.MaxProperties, labels.MapType).ShouldBe(("string", 3L, "granular"));
        spec.Properties["free"].PreserveUnknownFields.ShouldBeTrue();
        spec.Properties["port"].IntOrString.ShouldBeTrue();
        spec.Properties["port"].AnyOf.Count.ShouldBe(2);
        spec.Properties["template"].EmbeddedResource.ShouldBeTrue();
    }

    [Test]
    public void Parse_AdditionalPropertiesTrue_AllowsAnyMembers()
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","additionalProperties":true}"""));

        schema.AdditionalPropertiesAllowed.ShouldBeTrue();
        schema.AdditionalProperties.ShouldBeNull();
    }

    [Test]
    public void ToJson_ParsedSchema_ReturnsIndependentCopyOfSource()
    {
        var source = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","example":"kept"}}}""")!;
        var schema = OpenApiSchema.Parse(source);

        var json = schema.ToJson();
        json["type"] = "changed";
        source["type"] = "changed too";

        schema.ToJson().ToJsonString().ShouldBe("""{"type":"object","properties":{"a":{"type":"string","example":"kept"}}}""");
    }

    [TestCase("[]", "openAPIV3Schema: must be an object, got an array")]
    [TestCase("""{"type":"str"}""", """openAPIV3Schema.type: Unsupported value: "str": supported values: "object", "array", "string", "integer", "number", "boolean" """)]
    [TestCase("""{"type":"object","properties":{"a":{"type":1}}}""", "openAPIV3Schema.properties[a].type: must be a string, got a number")]
    [TestCase("""{"type":"object","properties":[]}""", "openAPIV3Schema.properties: must be an object, got an array")]
    [TestCase("""{"type":"array","items":{"type":"string","pattern":"("}}""", "openAPIV3Schema.items.pattern: invalid regular expression \"(\": ")]
    [TestCase("""{"type":"string","pattern":"^(a)\\1$"}""", "openAPIV3Schema.pattern: unsupported regular expression \"^(a)\\1$\": ")]
    [TestCase("""{"type":"string","pattern":"^(?=a)"}""", "openAPIV3Schema.pattern: unsupported regular expression \"^(?=a)\": ")]
    [TestCase("""{"type":"string","minLength":-1}""", "openAPIV3Schema.minLength: must be a non-negative integer, got -1")]
    [TestCase("""{"type":"string","maxLength":1.5}""", "openAPIV3Schema.maxLength: must be a non-negative integer, got 1.5")]
    [TestCase("""{"type":"integer","minimum":"1"}""", "openAPIV3Schema.minimum: must be a number, got a string")]
    [TestCase("""{"type":"string","nullable":"yes"}""", "openAPIV3Schema.nullable: must be a boolean, got a string")]
    [TestCase("""{"type":"object","required":"a"}""", "openAPIV3Schema.required: must be an array of strings, got a string")]
    [TestCase("""{"type":"string","enum":"a"}""", "openAPIV3Schema.enum: must be an array, got a string")]
    [TestCase("""{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object"}}""", "openAPIV3Schema.x-kubernetes-list-map-keys: must not be empty if x-kubernetes-list-type is map")]
    [TestCase("""{"type":"array","x-kubernetes-list-type":"bag"}""", """openAPIV3Schema.x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map" """)]
    [TestCase("""{"type":"object","x-kubernetes-map-type":"deep"}""", """openAPIV3Schema.x-kubernetes-map-type: Unsupported value: "deep": supported values: "granular", "atomic" """)]
    [TestCase("""{"type":"object","allOf":{}}""", "openAPIV3Schema.allOf: must be an array, got an object")]
    [TestCase("""{"type":"object","x-kubernetes-validations":{}}""", "openAPIV3Schema.x-kubernetes-validations: must be an array, got an object")]
    [TestCase("""{"type":"object","x-kubernetes-validations":["self"]}""", "openAPIV3Schema.x-kubernetes-validations[0]: must be an object, got a string")]
    [TestCase("""{"type":"object","x-kubernetes-validations":[{"message":"m"}]}""", "openAPIV3Schema.x-kubernetes-validations[0].rule: Required value")]
    [TestCase("""{"type":"object","x-kubernetes-validations":[{"rule":"true","reason":"Nope"}]}""",
        """openAPIV3Schema.x-kubernetes-validations[0].reason: Unsupported value: "Nope": supported values: "FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate" """)]
    public void Parse_InvalidSchema_ThrowsNamingKeywordPath(string json, string message)
    {
        var exception = Should.Throw<OpenApiSchemaException>(() => OpenApiSchema.Parse(JsonNode.Parse(json)));

        exception.Message.ShouldStartWith(message.TrimEnd());
    }
}
