namespace Broker.Cel.Parsing.Ast;

internal sealed record MapEntry(int Position, Expr Key, Expr Value, bool Optional);
