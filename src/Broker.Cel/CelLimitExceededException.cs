namespace Broker.Cel;

/// <summary>Evaluation stopped because it exceeded a <see cref="CelLimits"/> budget; the message names the limit.</summary>
public sealed class CelLimitExceededException : CelEvaluationException
{
    public CelLimitExceededException()
    {
    }

    public CelLimitExceededException(string message)
        : base(message)
    {
    }

    public CelLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
