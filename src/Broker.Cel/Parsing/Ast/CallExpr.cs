namespace Broker.Cel.Parsing.Ast;

/// <summary>A function call, an operator (named like <c>_+_</c>), or a receiver call <c>t.f(args)</c>.</summary>
internal sealed record CallExpr(int Position, Expr? Target, string Function, IReadOnlyList<Expr> Args) : Expr(Position);
