using System.Text.Json.Nodes;
using Broker.Cel;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A compiled precondition or success condition. Evaluating never throws: a CEL error, a non-bool result or
/// an exhausted budget is <see cref="ConditionOutcome.Error"/>.</summary>
public sealed class CompiledCondition
{
    private readonly CelProgram _program;

    internal CompiledCondition(CelProgram program) => _program = program;

    public string Expression => _program.Expression;

    public ConditionResult Evaluate(IReadOnlyDictionary<string, JsonNode?> variables)
    {
        try
        {
            return _program.EvaluateCondition(variables) ? ConditionResult.True(Expression) : ConditionResult.False(Expression);
        }
        catch (CelEvaluationException e)
        {
            return ConditionResult.Failed(Expression, e.Message);
        }
    }

    public override string ToString() => Expression;
}
