using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class SchemaValidatorValidationTests
{
    private static IReadOnlyList<FieldError> ErrorsOf(string specSchema, string spec)
    {
        var schema = OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"spec":""" + specSchema + "}}"));
        return new SchemaValidator(schema).Validate(JsonNode.Parse("""{"apiVersion":"a/v1","kind":"K","metadata":{"name":"n"},"spec":""" + spec + "}")).Errors;
    }

    private static void ShouldFailWith(string specSchema, string spec, string field, FieldErrorType type, string message)
    {
        var errors = ErrorsOf(specSchema, spec);

        errors.ShouldBe([new FieldError(field, type, message)]);
    }

    [TestCase("""{"type":"integer"}""", "\"string\"", "string")]
    [TestCase("""{"type":"integer"}""", "1.5", "number")]
    [TestCase("""{"type":"string"}""", "{}", "object")]
    [TestCase("""{"type":"object"}""", "[]", "array")]
    [TestCase("""{"type":"boolean"}""", "\"true\"", "string")]
    [TestCase("""{"type":"number"}""", "true", "boolean")]
    public void Validate_WrongType_ReportsTypeInvalidAsKubernetes(string schema, string value, string actual)
    {
        var expected = OpenApiSchema.Parse(JsonNode.Parse(schema)).Type;

        ShouldFailWith(schema, value, "spec", FieldErrorType.FieldValueTypeInvalid,
            $"Invalid value: \"{actual}\": spec in body must be of type {expected}: \"{actual}\"");
    }

    [Test]
    public void Validate_StringForIntegerField_MatchesKubernetesMessage()
    {
        ShouldFailWith("""{"type":"object","properties":{"replicas":{"type":"integer"}}}""", """{"replicas":"string"}""",
            "spec.replicas", FieldErrorType.FieldValueTypeInvalid, """Invalid value: "string": spec.replicas in body must be of type integer: "string" """.TrimEnd());
    }

    [TestCase("""{"type":"integer"}""", "1.0")]
    [TestCase("""{"type":"number"}""", "1")]
    [TestCase("""{"type":"number"}""", "1.5")]
    [TestCase("""{"type":"string","nullable":true}""", "null")]
    [TestCase("""{"x-kubernetes-int-or-string":true}""", "8080")]
    [TestCase("""{"x-kubernetes-int-or-string":true}""", "\"http\"")]
    [TestCase("""{"x-kubernetes-preserve-unknown-fields":true}""", """[1,{"a":null}]""")]
    public void Validate_MatchingType_HasNoErrors(string schema, string value)
    {
        ErrorsOf(schema, value).ShouldBeEmpty();
    }

    [Test]
    public void Validate_NullItemInNonNullableList_ReportsNullType()
    {
        ShouldFailWith("""{"type":"array","items":{"type":"string"}}""", """["a",null]""",
            "spec[1]", FieldErrorType.FieldValueTypeInvalid, """Invalid value: "null": spec[1] in body must be of type string: "null" """.TrimEnd());
    }

    [Test]
    public void Validate_IntOrStringGivenBoolean_NamesBothTypes()
    {
        ShouldFailWith("""{"x-kubernetes-int-or-string":true}""", "true",
            "spec", FieldErrorType.FieldValueTypeInvalid, """Invalid value: "boolean": spec in body must be of type integer,string: "boolean" """.TrimEnd());
    }

    [Test]
    public void Validate_MissingRequiredFields_ReportsEachInSchemaOrder()
    {
        var errors = ErrorsOf("""{"type":"object","required":["gvr","apiExportName"],"properties":{"gvr":{"type":"object"},"apiExportName":{"type":"string"}}}""", "{}");

        errors.ShouldBe([
            new FieldError("spec.gvr", FieldErrorType.FieldValueRequired, "Required value"),
            new FieldError("spec.apiExportName", FieldErrorType.FieldValueRequired, "Required value"),
        ]);
    }

    [Test]
    public void Validate_NullForRequiredNonNullableField_IsRequiredValue()
    {
        ShouldFailWith("""{"type":"object","required":["a"],"properties":{"a":{"type":"string"}}}""", """{"a":null}""",
            "spec.a", FieldErrorType.FieldValueRequired, "Required value");
    }

    [Test]
    public void Validate_ValueOutsideEnum_ListsSupportedValues()
    {
        ShouldFailWith("""{"type":"string","enum":["a","b"]}""", "\"x\"",
            "spec", FieldErrorType.FieldValueNotSupported, """Unsupported value: "x": supported values: "a", "b" """.TrimEnd());
    }

    [Test]
    public void Validate_NullForNullableEnum_MustBeListed()
    {
        ShouldFailWith("""{"type":"string","nullable":true,"enum":["a"]}""", "null",
            "spec", FieldErrorType.FieldValueNotSupported, """Unsupported value: null: supported values: "a" """.TrimEnd());
        ErrorsOf("""{"type":"string","nullable":true,"enum":["a",null]}""", "null").ShouldBeEmpty();
    }

    [Test]
    public void Validate_NumberOutsideEnum_QuotesJsonOfSupportedValues()
    {
        ShouldFailWith("""{"type":"integer","enum":[1,2]}""", "3",
            "spec", FieldErrorType.FieldValueNotSupported, """Unsupported value: 3: supported values: "1", "2" """.TrimEnd());
    }

    [TestCase("""{"type":"integer","minimum":1}""", "0", "Invalid value: 0: spec in body should be greater than or equal to 1")]
    [TestCase("""{"type":"integer","minimum":1,"exclusiveMinimum":true}""", "1", "Invalid value: 1: spec in body should be greater than 1")]
    [TestCase("""{"type":"integer","maximum":10}""", "11", "Invalid value: 11: spec in body should be less than or equal to 10")]
    [TestCase("""{"type":"integer","maximum":10,"exclusiveMaximum":true}""", "10", "Invalid value: 10: spec in body should be less than 10")]
    [TestCase("""{"type":"number","minimum":0.5}""", "0.25", "Invalid value: 0.25: spec in body should be greater than or equal to 0.5")]
    [TestCase("""{"type":"number","maximum":1000000}""", "1234567.5", "Invalid value: 1.2345675e+06: spec in body should be less than or equal to 1e+06")]
    [TestCase("""{"type":"integer","multipleOf":5}""", "12", "Invalid value: 12: spec in body should be a multiple of 5")]
    [TestCase("""{"type":"string","minLength":3}""", "\"ab\"", "Invalid value: \"ab\": spec in body should be at least 3 chars long")]
    [TestCase("""{"type":"string","pattern":"^[a-z]+$"}""", "\"A1\"", "Invalid value: \"A1\": spec in body should match '^[a-z]+$'")]
    [TestCase("""{"type":"array","minItems":2,"items":{"type":"string"}}""", "[\"a\"]", "Invalid value: 1: spec in body should have at least 2 items")]
    [TestCase("""{"type":"object","minProperties":1}""", "{}", "Invalid value: 0: spec in body should have at least 1 properties")]
    [TestCase("""{"type":"string","format":"date-time"}""", "\"yesterday\"", "Invalid value: \"yesterday\": spec in body must be of type date-time: \"yesterday\"")]
    [TestCase("""{"type":"string","format":"date"}""", "\"2024-02-30\"", "Invalid value: \"2024-02-30\": spec in body must be of type date: \"2024-02-30\"")]
    [TestCase("""{"type":"integer","format":"int32"}""", "2147483648", "Invalid value: 2147483648: spec in body must be of type int32: \"2147483648\"")]
    [TestCase("""{"type":"integer","format":"int64"}""", "9223372036854775808", "Invalid value: 9.223372036854776e+18: spec in body must be of type int64: \"9223372036854775808\"")]
    public void Validate_ValueOutOfBounds_ReportsInvalidWithKubeOpenApiWording(string schema, string value, string message)
    {
        var errors = ErrorsOf(schema, value);

        errors.Count.ShouldBe(1);
        errors[0].Field.ShouldBe("spec");
        errors[0].Message.ShouldBe(message);
        errors[0].Type.ShouldBe(message.Contains("must be of type", StringComparison.Ordinal) ? FieldErrorType.FieldValueTypeInvalid : FieldErrorType.FieldValueInvalid);
    }

    [TestCase("""{"type":"integer","minimum":1,"maximum":1}""", "1")]
    [TestCase("""{"type":"string","minLength":2,"maxLength":2}""", "\"\U0001F600\U0001F600\"")]
    [TestCase("""{"type":"string","format":"date-time"}""", "\"2024-02-29T10:00:00.123456Z\"")]
    [TestCase("""{"type":"string","format":"date-time"}""", "\"2024-02-29T10:00:00+02:00\"")]
    [TestCase("""{"type":"integer","format":"int32"}""", "-2147483648")]
    [TestCase("""{"type":"number","multipleOf":0.1}""", "0.3")]
    [TestCase("""{"type":"string","format":"k8s-short-name"}""", "\"unknown formats are not checked\"")]
    public void Validate_ValueAtBounds_HasNoErrors(string schema, string value)
    {
        ErrorsOf(schema, value).ShouldBeEmpty();
    }

    [Test]
    public void Validate_StringTooLong_ReportsTooLong()
    {
        ShouldFailWith("""{"type":"string","maxLength":3}""", "\"abcd\"", "spec", FieldErrorType.FieldValueTooLong, "Too long: may not be more than 3 bytes");
    }

    [Test]
    public void Validate_TooManyItemsAndProperties_ReportsTooMany()
    {
        ShouldFailWith("""{"type":"array","maxItems":1,"items":{"type":"integer"}}""", "[1,2,3]", "spec", FieldErrorType.FieldValueTooMany, "Too many: 3: must have at most 1 item");
        ShouldFailWith("""{"type":"object","maxProperties":1,"additionalProperties":{"type":"string"}}""", """{"a":"1","b":"2"}""",
            "spec", FieldErrorType.FieldValueTooMany, "Too many: 2: must have at most 1 item");
    }

    [Test]
    public void Validate_NestedListItem_UsesKubernetesFieldPath()
    {
        var schema = """
            {"type":"object","properties":{"filters":{"type":"array","items":{"type":"object","required":["key"],
              "properties":{"key":{"type":"string","minLength":1},"valueIn":{"type":"array","items":{"type":"string"}}}}}}}
            """;

        var errors = ErrorsOf(schema, """{"filters":[{"key":"ok"},{"key":""},{"valueIn":["a",1]}]}""");

        errors.ShouldBe([
            new FieldError("spec.filters[1].key", FieldErrorType.FieldValueInvalid, """Invalid value: "": spec.filters[1].key in body should be at least 1 chars long"""),
            new FieldError("spec.filters[2].key", FieldErrorType.FieldValueRequired, "Required value"),
            new FieldError("spec.filters[2].valueIn[1]", FieldErrorType.FieldValueTypeInvalid,
                """Invalid value: "integer": spec.filters[2].valueIn[1] in body must be of type string: "integer" """.TrimEnd()),
        ]);
    }

    [Test]
    public void Validate_MapValues_ValidatedWithAdditionalProperties()
    {
        ShouldFailWith("""{"type":"object","additionalProperties":{"type":"integer"}}""", """{"a":1,"b.c/d":"x"}""",
            "spec.b.c/d", FieldErrorType.FieldValueTypeInvalid, """Invalid value: "string": spec.b.c/d in body must be of type integer: "string" """.TrimEnd());
    }

    [Test]
    public void Validate_DuplicateInSet_ReportsDuplicateAtLaterIndex()
    {
        ShouldFailWith("""{"type":"array","x-kubernetes-list-type":"set","items":{"type":"integer"}}""", "[1,2,1.0]",
            "spec[2]", FieldErrorType.FieldValueDuplicate, "Duplicate value: 1");
    }

    [Test]
    public void Validate_DuplicateKeyInMapList_ReportsDuplicateKeys()
    {
        var schema = """
            {"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","port"],
             "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"},"x":{"type":"string"}}}}
            """;

        ShouldFailWith(schema, """[{"name":"a","port":1,"x":"1"},{"name":"a","port":2},{"name":"a","port":1,"x":"2"}]""",
            "spec[2]", FieldErrorType.FieldValueDuplicate, """Duplicate value: {"name":"a","port":1}""");
    }

    [Test]
    public void Validate_AnyOfOneOfNot_ReportCombinatorFailures()
    {
        ShouldFailWith("""{"type":"string","anyOf":[{"pattern":"^a"},{"pattern":"^b"}]}""", "\"c\"",
            "spec", FieldErrorType.FieldValueInvalid, """Invalid value: "c": spec in body must validate at least one schema (anyOf)""");
        ShouldFailWith("""{"type":"string","oneOf":[{"pattern":"^a"},{"minLength":1}]}""", "\"a\"",
            "spec", FieldErrorType.FieldValueInvalid, """Invalid value: "a": spec in body must validate one and only one schema (oneOf)""");
        ShouldFailWith("""{"type":"string","not":{"enum":["x"]}}""", "\"x\"",
            "spec", FieldErrorType.FieldValueInvalid, """Invalid value: "x": spec in body must not validate the schema (not)""");
        ErrorsOf("""{"type":"integer","allOf":[{"minimum":1},{"maximum":5}]}""", "3").ShouldBeEmpty();
    }

    [Test]
    public void Validate_SeveralProblems_ReportsAllOfThem()
    {
        var schema = """{"type":"object","required":["a"],"properties":{"b":{"type":"integer","minimum":1},"c":{"type":"string","enum":["x"]}}}""";

        var errors = ErrorsOf(schema, """{"b":0,"c":"y"}""");

        errors.Select(e => e.ToString()).ShouldBe([
            "spec.a: Required value",
            "spec.b: Invalid value: 0: spec.b in body should be greater than or equal to 1",
            """spec.c: Unsupported value: "y": supported values: "x" """.TrimEnd(),
        ]);
    }

    [Test]
    public void Validate_RootMetadataNotInSchema_IsNotValidated()
    {
        var validator = new SchemaValidator(OpenApiSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object"}}}""")));

        validator.Validate(JsonNode.Parse("""{"apiVersion":"a/v1","kind":"K","metadata":{"name":"n","labels":{"a":"b"}},"spec":{}}""")).IsValid.ShouldBeTrue();
    }

    [Test]
    public void Validate_EmbeddedResourceWithoutIdentity_ReportsApiVersionAndKind()
    {
        var schema = """{"type":"object","properties":{"t":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}""";

        var missing = ErrorsOf(schema, """{"t":{"metadata":{}}}""");
        var bad = ErrorsOf(schema, """{"t":{"apiVersion":"a/b/c","kind":""}}""");
        var wrongType = ErrorsOf(schema, """{"t":{"apiVersion":"v1","kind":1}}""");

        missing.ShouldBe([
            new FieldError("spec.t.apiVersion", FieldErrorType.FieldValueRequired, "Required value: must not be empty"),
            new FieldError("spec.t.kind", FieldErrorType.FieldValueRequired, "Required value: must not be empty"),
        ]);
        bad.ShouldBe([
            new FieldError("spec.t.apiVersion", FieldErrorType.FieldValueInvalid, "Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c"),
            new FieldError("spec.t.kind", FieldErrorType.FieldValueInvalid, "Invalid value: \"\": must not be empty"),
        ]);
        wrongType.ShouldBe([new FieldError("spec.t.kind", FieldErrorType.FieldValueInvalid, "Invalid value: 1: must be a string")]);
    }
}
