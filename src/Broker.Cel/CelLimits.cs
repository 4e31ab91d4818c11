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

    /// <summary>
    /// Wall-clock time one regular expression match may take: a safety net, not the limit. Matching is linear
    /// (RegexOptions.NonBacktracking, as RE2) and each match is charged to <see cref="MaxSteps"/> by input length times
    /// pattern length (<c>EvalContext.ChargeMatch</c>), which bounds it whatever the machine's load. The former 100 ms
    /// failed a CRD validation rule's <c>kubectl apply</c> with 422 on a CPU-starved machine, where a microsecond match
    /// arrived late: a wall clock measures the machine, not the expression. Default 10 s.
    /// </summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
