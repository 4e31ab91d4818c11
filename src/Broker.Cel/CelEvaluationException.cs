namespace Broker.Cel;

/// <summary>Evaluation produced a CEL error (no such key, no matching overload, overflow, division
/// by zero, bad conversion ...) instead of a value.</summary>
public class CelEvaluationException : Exception
{
    public CelEvaluationException()
        : base("evaluation failed")
    {
    }

    public CelEvaluationException(string message)
        : base(message)
    {
    }

    public CelEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
