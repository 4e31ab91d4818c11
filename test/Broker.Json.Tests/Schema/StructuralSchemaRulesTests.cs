using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class StructuralSchemaRulesTests
{
    private const string Root = "spec.versions[0].schema.openAPIV3Schema";

    private static IEnumerable<string> Check(string schema) =>
        StructuralSchemaRules.Check(JsonNode.Parse(schema), Root).Select(e => e.ToString().Replace(Root, "$", StringComparison.Ordinal));

    [Test]
    public void Check_StructuralCrdSchema_HasNoProblems()
    {
        Check("""
            {"type":"object","properties":{
              "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object","properties":{"name":{"type":"string","maxLength":20}}},
              "spec":{"type":"object","x-kubernetes-validations":[{"rule":"true"}],"properties":{
                "port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]},
                "other":{"x-kubernetes-int-or-string":true,"allOf":[{"anyOf":[{"type":"integer"},{"type":"string"}]},{"pattern":"^[0-9a-z]+$"}]},
                "free":{"x-kubernetes-preserve-unknown-fields":true},
                "labels":{"type":"object","additionalProperties":{"type":"string"}},
                "list":{"type":"array","items":{"type":"string"}},
                "tpl":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true},
                "choice":{"type":"string","oneOf":[{"pattern":"^a"},{"enum":["b"]}],"not":{"minLength":5}}}}}}
            """).ShouldBeEmpty();
    }

    [Test]
    public void Check_MissingTypes_ReportsEachLevelSorted()
    {
        Check("""{"properties":{"spec":{"properties":{"list":{"type":"array"},"items":{"type":"array","items":{}}}}}}""").ShouldBe([
            "$.properties[spec].properties[items].items.type: Required value: must not be empty for specified array items",
            "$.properties[spec].properties[list].items: Required value: must be specified",
            "$.properties[spec].type: Required value: must not be empty for specified object fields",
            "$.type: Required value: must not be empty at the root",
        ]);
    }

    [Test]
    public void Check_RootAndIdentityMisuse_ReportsKubernetesMessages()
    {
        Check("""{"type":"object","additionalProperties":{"type":"string"}}""").ShouldBe(["$.additionalProperties: Forbidden: must not be used at the root"]);
        Check("""{"type":"array","items":{"type":"string"},"properties":{"kind":{"type":"integer"},"apiVersion":{"type":"object"},"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}}""").ShouldBe([
            "$.properties[apiVersion].type: Invalid value: \"object\": must be string",
            "$.properties[kind].type: Invalid value: \"integer\": must be string",
            "$.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified",
            "$.type: Invalid value: \"array\": must be object at the root",
        ]);
    }

    [Test]
    public void Check_NonStructuralJunctors_ReportsForbiddenKeywords()
    {
        Check("""
            {"type":"object","properties":{"spec":{"type":"object","anyOf":[{"type":"array","nullable":true,"description":"d","default":{},
              "x-kubernetes-list-type":"atomic","properties":{"metadata":{},"x":{"x-kubernetes-preserve-unknown-fields":true}}}],
              "not":{"items":{"title":"t","pattern":"("}}}}}
            """).ShouldBe([
            "$.properties[spec].anyOf[0].default: Forbidden: must be undefined to be structural",
            "$.properties[spec].anyOf[0].description: Forbidden: must be empty to be structural",
            "$.properties[spec].anyOf[0].nullable: Forbidden: must be false to be structural",
            "$.properties[spec].anyOf[0].properties[metadata]: Forbidden: must not be specified in a nested context",
            "$.properties[spec].anyOf[0].properties[x].x-kubernetes-preserve-unknown-fields: Forbidden: must be false to be structural",
            "$.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural",
            "$.properties[spec].anyOf[0].x-kubernetes-list-type: Forbidden: must be undefined to be structural",
            "$.properties[spec].not.items.pattern: Invalid value: \"(\": must be a valid regular expression, but isn't: Invalid pattern '(' at offset 1. Not enough )'s.",
            "$.properties[spec].not.items.title: Forbidden: must be empty to be structural",
        ]);
    }

    [Test]
    public void Check_ExtensionConflicts_ReportsEach()
    {
        Check("""
            {"type":"object","properties":{
              "a":{"x-kubernetes-int-or-string":true,"x-kubernetes-preserve-unknown-fields":true,"x-kubernetes-embedded-resource":true},
              "b":{"type":"string","x-kubernetes-embedded-resource":true},
              "c":{"type":"object","x-kubernetes-embedded-resource":true,"additionalProperties":{"type":"string"}}}}
            """).ShouldBe([
            "$.properties[a].type: Required value: must be object if x-kubernetes-embedded-resource is true",
            "$.properties[a].x-kubernetes-embedded-resource: Invalid value: true: must be false if x-kubernetes-int-or-string is true",
            "$.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true",
            "$.properties[b].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
            "$.properties[b].type: Invalid value: \"string\": must be object if x-kubernetes-embedded-resource is true",
            "$.properties[c].additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set",
            "$.properties[c].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
        ]);
    }

    [Test]
    public void Check_UnsupportedKeywords_ReportedInSchemaOrderWithoutStructuralChecks()
    {
        Check("""
            {"properties":{
              "d":{"type":"array","uniqueItems":true,"items":[{"type":"string"}]},
              "e":{"type":"object","additionalProperties":false},
              "f":{"$ref":"#/definitions/x","id":"x","definitions":{},"dependencies":{},"patternProperties":{},"additionalItems":false},
              "g":{"type":"null"},
              "h":{"type":"str","x-kubernetes-map-type":"deep"},
              "i":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{"type":"string"}}}}
            """).ShouldBe([
            "$.properties[d].items: Forbidden: items must be a schema object and not an array",
            "$.properties[d].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
            "$.properties[e].additionalProperties: Forbidden: additionalProperties cannot be set to false",
            "$.properties[f].id: Forbidden: id is not supported",
            "$.properties[f].additionalItems: Forbidden: additionalItems is not supported",
            "$.properties[f].patternProperties: Forbidden: patternProperties is not supported",
            "$.properties[f].definitions: Forbidden: definitions is not supported",
            "$.properties[f].dependencies: Forbidden: dependencies is not supported",
            "$.properties[f].$ref: Forbidden: $ref is not supported",
            "$.properties[g].type: Forbidden: type cannot be set to null, use nullable as an alternative",
            "$.properties[h].type: Unsupported value: \"str\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"",
            "$.properties[h].x-kubernetes-map-type: Unsupported value: \"deep\": supported values: \"atomic\", \"granular\"",
            "$.properties[i].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
        ]);
    }

    [Test]
    public void Check_ListTypeMisuse_ReportsKubernetesMessages()
    {
        Check("""
            {"type":"object","properties":{
              "a":{"type":"string","x-kubernetes-list-type":"set"},
              "b":{"type":"array","x-kubernetes-list-type":"bag","items":{"type":"string"}},
              "c":{"type":"array","x-kubernetes-list-map-keys":["k"],"items":{"type":"object"}},
              "d":{"type":"array","x-kubernetes-list-type":"atomic","x-kubernetes-list-map-keys":["k"],"items":{"type":"object"}},
              "e":{"type":"array","x-kubernetes-list-type":"map"},
              "f":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["k"],"items":{"type":"string"}},
              "g":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["k","o","k","missing"],
                   "items":{"type":"object","required":["k"],"properties":{"k":{"type":"string"},"o":{"type":"object","nullable":true}}}},
              "h":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"object","nullable":true}},
              "i":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}}
            """).ShouldBe([
            "$.properties[a].type: Invalid value: \"string\": must be array if x-kubernetes-list-type is specified",
            "$.properties[b].x-kubernetes-list-type: Unsupported value: \"bag\": supported values: \"atomic\", \"set\", \"map\"",
            "$.properties[c].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty",
            "$.properties[d].x-kubernetes-list-type: Invalid value: \"atomic\": must be map if x-kubernetes-list-map-keys is non-empty",
            "$.properties[e].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map",
            "$.properties[e].items: Required value: must have a schema if x-kubernetes-list-type is map",
            "$.properties[f].items.type: Invalid value: \"string\": must be object if parent array's x-kubernetes-list-type is map",
            "$.properties[g].items.properties[o].type: Invalid value: \"object\": must be a scalar type if parent array's x-kubernetes-list-type is map",
            "$.properties[g].x-kubernetes-list-map-keys: Invalid value: [\"k\",\"o\",\"k\",\"missing\"]: must not contain duplicate entries",
            "$.properties[g].x-kubernetes-list-map-keys: Invalid value: [\"k\",\"o\",\"k\",\"missing\"]: entries must all be names of item properties",
            "$.properties[g].items.properties[o].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property",
            "$.properties[g].items.properties[o].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable",
            "$.properties[h].items.x-kubernetes-map-type: Invalid value: null: must be atomic as item of a list with x-kubernetes-list-type=set",
            "$.properties[h].items.nullable: Forbidden: cannot be nullable when x-kubernetes-list-type is set",
            "$.properties[i].items.x-kubernetes-list-type: Invalid value: \"set\": must be atomic as item of a list with x-kubernetes-list-type=set",
        ]);
    }

    [Test]
    public void Check_RuleTexts_ReportEmptyRulesAndBadMessages()
    {
        Check("""
            {"type":"object","x-kubernetes-validations":[
              {"rule":"  "},{"rule":"self.a","message":"   "},{"rule":"self.a","message":"two\nlines"},{"rule":"self.a ||\n self.b"},{"rule":"self.a","message":"ok"},{"rule":"self.a","reason":"Nope"}]}
            """).ShouldBe([
            "$.x-kubernetes-validations[0].rule: Required value: rule is not specified",
            "$.x-kubernetes-validations[1].message: Invalid value: \"   \": message must be non-empty if specified",
            "$.x-kubernetes-validations[2].message: Invalid value: \"two\\nlines\": message must not contain line breaks",
            "$.x-kubernetes-validations[3].message: Required value: message must be specified if rule contains line breaks",
            "$.x-kubernetes-validations[5].reason: Unsupported value: \"Nope\": supported values: \"FieldValueInvalid\", \"FieldValueForbidden\", \"FieldValueRequired\", \"FieldValueDuplicate\"",
        ]);
    }

    [Test]
    public void Check_RootJunctorTalksAboutUndeclaredFields_ReportsCompleteness()
    {
        Check("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{"a":{"type":"string"}}}},
             "anyOf":[{"properties":{"spec":{"properties":{"a":{"minLength":1},"b":{"minLength":1}}}}},{"properties":{"status":{"required":["x"]}}}],
             "not":{"properties":{"spec":{"properties":{"a":{"items":{"maxLength":1}}}}}}}
            """).ShouldBe([
            "$.properties[spec].properties[a].items: Required value: because it is defined in $.not.properties[spec].properties[a].items",
            "$.properties[spec].properties[b]: Required value: because it is defined in $.anyOf[0].properties[spec].properties[b]",
            "$.properties[status]: Required value: because it is defined in $.anyOf[1].properties[status]",
        ]);
    }

    [Test]
    public void Check_InvalidDefaults_ReportedUnderDefault()
    {
        Check("""
            {"type":"object","properties":{
              "a":{"type":"string","format":"date","default":"soon"},
              "b":{"type":"object","default":{"x":1,"y":"z"},"properties":{"x":{"type":"integer","minimum":5}}},
              "c":{"type":"array","items":{"type":"string","enum":["p"],"default":"q"}},
              "d":{"type":"integer","default":1}}}
            """).ShouldBe([
            "$.properties[a].default: Invalid value: \"soon\":  in body must be of type date: \"soon\"",
            "$.properties[b].default: Invalid value: {\"x\":1,\"y\":\"z\"}: must not have unknown fields",
            "$.properties[b].default.x: Invalid value: 1: x in body should be greater than or equal to 5",
            "$.properties[c].items.default: Unsupported value: \"q\": supported values: \"p\"",
        ]);
    }

    [Test]
    public void Check_NotAnObject_IsRequired()
    {
        Check("[]").ShouldBe(["$: Required value: must be an object"]);
    }
}
