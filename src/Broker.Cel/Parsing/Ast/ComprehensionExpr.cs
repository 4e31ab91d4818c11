namespace Broker.Cel.Parsing.Ast;

/// <summary>An expanded macro over <see cref="Range"/>. <see cref="Variable2"/> is set for the
/// two-variable forms (index or key first, value second). <see cref="Predicate"/> is the
/// condition of all/exists/exists_one/filter, or the optional filter of map and transform*;
/// <see cref="Transform"/> the mapped value of map and transform*.</summary>
internal sealed record ComprehensionExpr(
    int Position,
    MacroKind Kind,
    Expr Range,
    string Variable,
    string? Variable2,
    Expr? Predicate,
    Expr? Transform) : Expr(Position);
