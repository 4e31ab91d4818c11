using Broker.Cel;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>One <c>${...}</c> expression failed to compile (<see cref="Line"/> and <see cref="Column"/> point into the
/// expression) or to evaluate (no position).</summary>
public sealed class TemplateExpressionException : Exception
{
    public TemplateExpressionException()
        : this("", "invalid expression")
    {
    }

    public TemplateExpressionException(string message)
        : this("", message)
    {
    }

    public TemplateExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = "";
        Reason = message;
    }

    public TemplateExpressionException(string expression, CelCompileException compile)
        : base(CompileErrors.Describe(compile), compile)
    {
        Expression = expression;
        Reason = CompileErrors.Reason(compile);
        Line = compile.Line;
        Column = compile.Column;
    }

    public TemplateExpressionException(string expression, CelEvaluationException evaluation)
        : base(evaluation.Message, evaluation)
    {
        Expression = expression;
        Reason = evaluation.Message;
    }

    private TemplateExpressionException(string expression, string reason)
        : base(reason)
    {
        Expression = expression;
        Reason = reason;
    }

    public string Expression { get; }

    public string Reason { get; }

    /// <summary>1-based, within the expression; 0 for an evaluation error.</summary>
    public int Line { get; }

    public int Column { get; }
}
