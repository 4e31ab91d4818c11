using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Cel;
using Broker.Cel.Json;
using Broker.Cel.Values;

namespace Broker.Cli;

/// <summary><c>broker cel eval</c>: try a CEL expression against an object before using it in a migration.
/// Exit 0 with the value; 1 when the expression does not compile or evaluates to an error; 2 on bad arguments.</summary>
internal static class CelCommand
{
    public static Command Create()
    {
        var command = new Command("cel", "Evaluate Common Expression Language (CEL) expressions.");
        command.Subcommands.Add(CreateEval());
        return command;
    }

    private static Command CreateEval()
    {
        var expr = new Option<string>("--expr", "-e") { Description = "The CEL expression, e.g. \"has(self.status.succeeded) && self.status.succeeded >= 1\"", Required = true };
        var vars = new Option<string?>("--vars") { Description = "YAML or JSON file mapping variable names to values, e.g. \"self: {status: {succeeded: 1}}\"" };
        var output = new Option<string>("--output", "-o") { Description = "Output format: text or json", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");

        var command = new Command("eval", "Evaluate an expression over the variables of a file and print the value or the error.")
        {
            expr, vars, output,
        };
        command.SetAction(parseResult =>
        {
            var json = parseResult.GetValue(output) == "json";
            var path = parseResult.GetValue(vars);
            IReadOnlyDictionary<string, JsonNode?> variables;
            try
            {
                variables = path is null ? new Dictionary<string, JsonNode?>(StringComparer.Ordinal) : CelVariables.Load(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"broker cel eval: cannot read variables file '{path}': {FirstLine(e.Message)}");
                return 2;
            }
            return Evaluate(parseResult.GetRequiredValue(expr), variables, json);
        });
        return command;
    }

    private static int Evaluate(string expression, IReadOnlyDictionary<string, JsonNode?> variables, bool json)
    {
        CelProgram program;
        try
        {
            program = CelEnvironment.Create(variables.Keys).Compile(expression);
        }
        catch (CelCompileException e)
        {
            return Fail(json, "compile", e.OneLine, new JsonObject { ["line"] = e.Line, ["column"] = e.Column, ["reason"] = e.Reason });
        }
        try
        {
            var value = program.Evaluate(variables);
            Console.Out.WriteLine(json
                ? new JsonObject { ["value"] = CelJson.ToJson(value), ["type"] = CelType.Of(value).Name }.ToJsonString(Indented)
                : CelFormatter.Format(value));
            return 0;
        }
        catch (CelEvaluationException e)
        {
            return Fail(json, "evaluate", e.Message, null);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int Fail(bool json, string phase, string message, JsonObject? details)
    {
        if (json)
        {
            var error = details ?? [];
            error["phase"] = phase;
            error["message"] = message;
            Console.Out.WriteLine(new JsonObject { ["error"] = error }.ToJsonString(Indented));
        }
        else
        {
            Console.Error.WriteLine(phase == "compile" ? $"broker cel eval: {message}" : $"broker cel eval: evaluation error: {message}");
        }

        // Design §6: an expression that does not compile is bad input (2); one that fails on these variables is a runtime error (1).
        return phase == "compile" ? UsageException.ExitCode : 1;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r');
}
