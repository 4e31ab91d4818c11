namespace Broker.Cel.Parsing.Ast;

/// <summary><c>pkg.Message{field: v}</c>: parsed so errors are precise; protobuf messages are not supported.</summary>
internal sealed record StructExpr(int Position, string TypeName, IReadOnlyList<MapEntry> Fields) : Expr(Position);
