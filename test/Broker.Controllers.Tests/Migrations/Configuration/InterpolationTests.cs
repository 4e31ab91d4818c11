using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Cel;
using Broker.Controllers.Migrations.Configuration;

namespace Broker.Controllers.Tests.Migrations.Configuration;

/// <summary>${...} in template strings: native types for a whole-string expression, formatting inside text,
/// braces and quotes inside expressions, the $${ escape, and errors that say where.</summary>
public sealed class InterpolationTests
{
    private static readonly CelEnvironment Environment = CelEnvironment.Create("from", "to", "migration");

    private static readonly Dictionary<string, JsonNode?> Variables = new(StringComparer.Ordinal)
    {
        ["from"] = JsonNode.Parse("""{"spec": {"fqdn": "a.internal.corp", "replicas": 3, "ratio": 1.5, "tls": true, "labels": {"team": "x"}, "ports": [80, 443]}}"""),
        ["to"] = JsonNode.Parse("""{"status": {"relatedResources": {"secret": {"name": "cert-1"}}}}"""),
        ["migration"] = JsonNode.Parse("""{"metadata": {"name": "m-1"}}"""),
    };

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [TestCase("${from.spec.replicas}", "3")]
    [TestCase("${from.spec.ratio}", "1.5")]
    [TestCase("${from.spec.tls}", "true")]
    [TestCase("${from.spec.labels}", """{"team":"x"}""")]
    [TestCase("${from.spec.ports}", "[80,443]")]
    [TestCase("${null}", "null")]
    [TestCase("${from.spec.fqdn}", "\"a.internal.corp\"")]
    [TestCase("${ [1,2].map(x, {\"v\": x}) }", """[{"v":1},{"v":2}]""")]
    public void WholeStringExpression_KeepsTheType(string template, string json) =>
        Render(template).ShouldBe(json);

    [TestCase("host ${from.spec.fqdn}", "host a.internal.corp")]
    [TestCase("n=${from.spec.replicas}, r=${from.spec.ratio}, tls=${from.spec.tls}", "n=3, r=1.5, tls=true")]
    [TestCase("labels ${from.spec.labels} ports ${from.spec.ports}", """labels {"team":"x"} ports [80,443]""")]
    [TestCase("to-${to.status.relatedResources.secret.name}", "to-cert-1")]
    [TestCase("${migration.metadata.name}${from.spec.replicas}", "m-13")]
    [TestCase("nothing ${null}", "nothing null")]
    [TestCase("${duration('90s')} after", "90s after")]
    public void ExpressionsInText_AreFormatted(string template, string text) =>
        Render(template).ShouldBe(JsonValue.Create(text).ToJsonString(Relaxed));

    [TestCase("""${ {"a": "}"}.a }""", "\"}\"")]
    [TestCase("""${ "x" + "{" }""", "\"x{\"")]
    [TestCase("""${ 'it\'s }' }""", "\"it's }\"")]
    [TestCase("""${ r'\d}' }""", "\"\\\\d}\"")]
    [TestCase("${ '''a } ' b''' }", "\"a } ' b\"")]
    [TestCase("""${ {"k": {"n": 1}}.k.n }""", "1")]
    public void BracesAndQuotesInsideExpressions_StayInside(string template, string json) =>
        Render(template).ShouldBe(json);

    [TestCase("$${from.spec.fqdn}", "${from.spec.fqdn}")]
    [TestCase("cost: $5 and $${x} and ${from.spec.replicas}", "cost: $5 and ${x} and 3")]
    [TestCase("plain", "plain")]
    public void DollarDollarBrace_IsALiteral(string template, string text) =>
        Render(template).ShouldBe(JsonValue.Create(text).ToJsonString(Relaxed));

    [TestCase("a ${from.spec", 1, 3, "unterminated ${: no closing }")]
    [TestCase("line1\nx ${}", 2, 3, "empty expression ${}")]
    [TestCase("${ \"abc }", 1, 4, "unterminated string literal in ${...}")]
    public void SyntaxErrors_SayWhereInTheString(string template, int line, int column, string reason)
    {
        var error = Should.Throw<TemplateSyntaxException>(() => TemplateString.Parse(template));
        (error.Line, error.Column, error.Reason).ShouldBe((line, column, reason));
    }

    [Test]
    public void CompileError_SaysWhereInTheExpression()
    {
        var error = Should.Throw<TemplateExpressionException>(() => InterpolatedString.Compile("x ${from.spec.a +\n fromm}", Environment));
        error.Expression.ShouldBe("from.spec.a +\n fromm");
        (error.Line, error.Column).ShouldBe((2, 2));
        error.Message.ShouldBe("2:2: undeclared reference to 'fromm'");
    }

    [Test]
    public void EvaluationError_NamesTheKeyPathExpressionAndCelError()
    {
        var template = JsonNode.Parse("""{"apiVersion": "v1", "kind": "ConfigMap", "data": {"list": ["ok", "${from.spec.missing}"]}}""")!.AsObject();
        var problems = new List<string>();
        var compiled = CompiledTemplate.Compile("approval", template, Environment, problems).ShouldNotBeNull();

        var error = Should.Throw<TemplateRenderException>(() => compiled.Render(Variables));

        error.Message.ShouldBe("template \"approval\": data.list[1]: ${from.spec.missing}: no such key: 'missing'");
        (error.Key, error.Path, error.Expression).ShouldBe(("approval", "data.list[1]", "from.spec.missing"));
    }

    [Test]
    public void Render_ReplacesEveryTemplatedStringAndLeavesKeysAndTheTemplateAlone()
    {
        var template = JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"labels": {"${key}": "${from.spec.labels.team}"}},
             "data": {"fqdn": "${from.spec.fqdn}", "count": "${from.spec.replicas}", "items": [{"port": "${from.spec.ports[1]}"}], "fixed": 7}}
            """)!.AsObject();
        var compiled = CompiledTemplate.Compile("approval", template, Environment, new List<string>()).ShouldNotBeNull();

        var first = compiled.Render(Variables);
        var second = compiled.Render(Variables);

        first.ToJsonString().ShouldBe("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"labels":{"${key}":"x"}},"data":{"fqdn":"a.internal.corp","count":3,"items":[{"port":443}],"fixed":7}}""");
        JsonNode.DeepEquals(first, second).ShouldBeTrue();
        first.ShouldNotBeSameAs(second);
        template["data"]!["fqdn"]!.GetValue<string>().ShouldBe("${from.spec.fqdn}");
    }

    [Test]
    public void TemplateProblems_NameThePathAndPosition()
    {
        var template = JsonNode.Parse("""{"kind": "Job", "metadata": {"labels": {"app.kubernetes.io/name": "${fromm.x}"}}, "spec": {"args": ["${from"]}}""")!.AsObject();
        var problems = new List<string>();

        CompiledTemplate.Compile("copy", template, Environment, problems).ShouldBeNull();

        problems.ShouldBe(
        [
            "templates.copy: apiVersion is required",
            "templates.copy.metadata.labels[\"app.kubernetes.io/name\"]: 1:1: undeclared reference to 'fromm' (in ${fromm.x})",
            "templates.copy.spec.args[0]: 1:1: unterminated ${: no closing }",
        ]);
    }

    private static string Render(string text) =>
        InterpolatedString.Compile(text, Environment).Render(Variables)?.ToJsonString(Relaxed) ?? "null";
}
