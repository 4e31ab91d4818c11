namespace Broker.Cel.Parsing.Ast;

/// <summary><c>[a, ?b]</c>; elements marked optional are included only when present.</summary>
internal sealed record ListExpr(int Position, IReadOnlyList<Expr> Elements, IReadOnlyList<bool> Optional) : Expr(Position);
