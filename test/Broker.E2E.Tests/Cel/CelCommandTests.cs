using System.Text.Json.Nodes;

namespace Broker.E2E.Tests.Cel;

/// <summary><c>broker cel eval</c> end to end, as a process: values, errors and exit codes.</summary>
public sealed class CelCommandTests : ScratchDirectoryTests
{
    [Test]
    public async Task Eval_ConditionOverYamlObject_PrintsValue()
    {
        var vars = Write("vars.yaml", "self:\n  status:\n    succeeded: 2\n    phase: \"1\"\n");

        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("cel", "eval", "--expr", "has(self.status.succeeded) && self.status.succeeded >= 1", "--vars", vars);

        exitCode.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("true");
    }

    [Test]
    public async Task Eval_JsonOutputOverJsonFile_PrintsValueAndType()
    {
        var vars = Write("vars.json", """{"self": {"spec": {"tags": ["a", "b"]}}}""");

        var (exitCode, stdout, _) = await BrokerProcess.RunAsync("cel", "eval", "-e", "self.spec.tags.map(t, t.upperAscii())", "--vars", vars, "-o", "json");

        exitCode.ShouldBe(0);
        var json = JsonNode.Parse(stdout)!;
        json["value"]!.ToJsonString().ShouldBe("""["A","B"]""");
        ((string?)json["type"]).ShouldBe("list");
    }

    [Test]
    public async Task Eval_AbsentField_ExitsOneWithEvaluationError()
    {
        var vars = Write("vars.yaml", "self: {status: {}}\n");

        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("cel", "eval", "-e", "self.status.succeeded >= 1", "--vars", vars);

        exitCode.ShouldBe(1);
        stderr.Trim().ShouldBe("broker cel eval: evaluation error: no such key: 'succeeded'");
    }

    [Test]
    public async Task Eval_SyntaxError_ExitsTwoWithOneLineAtLineAndColumn()
    {
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("cel", "eval", "-e", "1 + ");

        exitCode.ShouldBe(2); // bad input (design §6)
        stderr.ShouldBe("broker cel eval: 1:5: Syntax error: unexpected end of input" + Environment.NewLine);
    }

    [Test]
    public async Task Eval_SyntaxErrorOnALaterLine_NamesThatLine()
    {
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("cel", "eval", "-e", "1 +\n  (2 *");

        exitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldStartWith("broker cel eval: 2:");
        stderr.TrimEnd().ShouldNotContain("\n");
    }

    [Test]
    public async Task Eval_CompileErrorAsJson_ReportsLineAndColumn()
    {
        var (exitCode, stdout, _) = await BrokerProcess.RunAsync("cel", "eval", "-e", "nope == 1", "-o", "json");

        exitCode.ShouldBe(2);
        var error = JsonNode.Parse(stdout)!["error"]!;
        ((string?)error["phase"]).ShouldBe("compile");
        ((int?)error["column"]).ShouldBe(1);
        ((string?)error["reason"]).ShouldBe("undeclared reference to 'nope' (in container '')");
    }

    [Test]
    public async Task Eval_MissingVariablesFile_ExitsTwoWithOneLine()
    {
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("cel", "eval", "-e", "true", "--vars", Path.Combine(Scratch, "absent.yaml"));

        exitCode.ShouldBe(2);
        stderr.Trim().Split('\n').Length.ShouldBe(1);
        stderr.ShouldStartWith("broker cel eval: cannot read variables file");
    }

    [Test]
    public async Task Eval_WithoutExpression_ExitsTwo()
    {
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("cel", "eval");

        exitCode.ShouldBe(2);
        stderr.ShouldContain("--expr");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllText(path, content);
        return path;
    }
}
