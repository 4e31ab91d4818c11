using System.Text.Json;
using Broker.Cel;
using Broker.Core.Routing;

namespace Broker.Controllers.AcceptApis;

/// <summary>AcceptAPI <c>spec.expression</c> in CEL, over <c>self</c> (the object, bound without copying).</summary>
public sealed class CelExpressionCompiler : IExpressionCompiler
{
    private readonly CelEnvironment _environment = CelEnvironment.Create("self");

    public IExpressionPredicate? Compile(string expression, out string? error)
    {
        try
        {
            error = null;
            return new Predicate(_environment.Compile(expression));
        }
        catch (CelCompileException e)
        {
            // One line: it ends up in a condition message and in broker route's one-line error.
            error = e.Line > 0 ? $"{e.Reason} (line {e.Line}, column {e.Column})" : e.Reason;
            return null;
        }
    }

    private sealed class Predicate(CelProgram program) : IExpressionPredicate
    {
        public string Expression => program.Expression;

        public bool Matches(JsonElement obj, out string? reason)
        {
            try
            {
                if (program.EvaluateCondition(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = obj }))
                {
                    reason = null;
                    return true;
                }

                reason = $"expression {Quote(Expression)} is false";
            }
            catch (CelEvaluationException e)
            {
                reason = $"expression {Quote(Expression)} failed: {e.Message}"; // an error never matches, and never crashes routing
            }

            return false;
        }

        private static string Quote(string text) => text.Length <= 80 ? $"\"{text}\"" : $"\"{text[..77]}...\"";
    }
}
