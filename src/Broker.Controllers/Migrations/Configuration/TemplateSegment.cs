namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A piece of a template string: literal text, or the CEL expression of one <c>${...}</c>.</summary>
/// <param name="Text">The literal text (escapes resolved), or the expression between <c>${</c> and <c>}</c>.</param>
/// <param name="IsExpression">True for an expression.</param>
/// <param name="Offset">Where <see cref="Text"/> starts in the template string (for an expression, after <c>${</c>).</param>
public sealed record TemplateSegment(string Text, bool IsExpression, int Offset);
