namespace Broker.Cel.Parsing.Ast;

internal sealed record ConstantExpr(int Position, object? Value) : Expr(Position);
