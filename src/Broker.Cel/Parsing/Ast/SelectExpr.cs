namespace Broker.Cel.Parsing.Ast;

/// <summary><c>a.f</c>; <see cref="TestOnly"/> for <c>has(a.f)</c>; <see cref="Optional"/> for <c>a.?f</c>.</summary>
internal sealed record SelectExpr(int Position, Expr Operand, string Field, bool TestOnly = false, bool Optional = false) : Expr(Position);
