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
        Check("""{"type":"array","items":{"type":"string"},"additionalProperties":{"type":"string"},"properties":{"kind":{"type":"integer"},"apiVersion":{"type":"object"},"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}}""").ShouldBe([
            "$.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
            "$.additionalProperties: Forbidden: must not be used at the root",
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
            {"type":"object","properties":{"spec":{"type":"object","anyOf":[{"type":"object","nullable":true,"description":"d","default":{},
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
              "c":{"type":"object","x-kubernetes-embedded-resource":true,"additionalProperties":{"type":"string"}},
              "d":{"type":"array","uniqueItems":true,"items":{"type":"string"}},
              "e":{"type":"object","additionalProperties":false},
              "f":{"$ref":"#/definitions/x"}}}
            """).ShouldBe([
            "$.properties[a].type: Required value: must be object if x-kubernetes-embedded-resource is true",
            "$.properties[a].x-kubernetes-embedded-resource: Invalid value: true: must be false if x-kubernetes-int-or-string is true",
            "$.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true",
            "$.properties[b].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
            "$.properties[b].type: Invalid value: \"string\": must be object if x-kubernetes-embedded-resource is true",
            "$.properties[c].additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set",
            "$.properties[c].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
            "$.properties[d].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
            "$.properties[e].additionalProperties: Forbidden: additionalProperties cannot be set to false",
            "$.properties[f].$ref: Forbidden: $ref is not supported",
            "$.properties[f].type: Required value: must not be empty for specified object fields",
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
    public void Check_NotAnObject_IsRequired()
    {
        Check("[]").ShouldBe(["$: Required value: must be an object"]);
    }
}
