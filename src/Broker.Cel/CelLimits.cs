namespace Broker.Cel;

/// <summary>Safety limits. Exceeding one is a <see cref="CelCompileException"/> (length, nesting)
/// or a <see cref="CelLimitExceededException"/> (steps, allocation, regex time), never a hang.</summary>
public sealed record CelLimits
{
    public static CelLimits Default { get; } = new();

    /// <summary>Longest accepted expression, in characters.</summary>
    public int MaxExpressionLength { get; init; } = 10_000;

    /// <summary>Deepest accepted nesting of parentheses, calls, literals and operator chains.</summary>
    public int MaxNestingDepth { get; init; } = 250;

    /// <summary>Evaluation steps per evaluation: calls, selections, macro iterations, plus one per element
    /// (or 16 characters) that a list or string function scans.</summary>
    public long MaxSteps { get; init; } = 1_000_000;

    /// <summary>Elements and characters allocated by string, bytes, list and map results per evaluation.</summary>
    public long MaxAllocatedSize { get; init; } = 10_000_000;

    /// <summary>Time one regular expression match may take.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
