namespace Broker.Cel.Runtime;

/// <summary>A library function over already evaluated, error-free arguments (receiver first).</summary>
internal delegate object? CelFunction(ReadOnlySpan<object?> args, EvalContext context);
