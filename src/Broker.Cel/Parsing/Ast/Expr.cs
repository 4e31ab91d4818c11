namespace Broker.Cel.Parsing.Ast;

/// <summary>A node of the parsed expression; <see cref="Position"/> is its source offset, for errors.</summary>
internal abstract record Expr(int Position);
