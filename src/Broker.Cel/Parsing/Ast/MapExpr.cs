namespace Broker.Cel.Parsing.Ast;

/// <summary><c>{k: v, ?k2: v2}</c>.</summary>
internal sealed record MapExpr(int Position, IReadOnlyList<MapEntry> Entries) : Expr(Position);
