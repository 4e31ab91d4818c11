namespace Broker.Cel.Parsing.Ast;

/// <summary>A name; <see cref="RootScoped"/> for a leading dot (<c>.a</c>), which skips the container.</summary>
internal sealed record IdentExpr(int Position, string Name, bool RootScoped = false) : Expr(Position);
