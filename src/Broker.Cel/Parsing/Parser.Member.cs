using Broker.Cel.Parsing.Ast;

namespace Broker.Cel.Parsing;

internal sealed partial class Parser
{
    private Expr ParseMember()
    {
        var expr = ParsePrimary();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Dot or TokenKind.QuestionDot:
                    Advance();
                    var optional = token.Kind == TokenKind.QuestionDot || Accept(TokenKind.Question);
                    var name = ExpectFieldName(allowQuoted: true);
                    if (!optional && Current.Kind == TokenKind.LeftParen && name.Kind == TokenKind.Identifier)
                    {
                        Advance();
                        var args = ParseArguments(TokenKind.RightParen);
                        expr = ExpandReceiverCall(token.Position, expr, (string)name.Value!, args);
                    }
                    else
                    {
                        expr = new SelectExpr(token.Position, expr, (string)name.Value!, Optional: optional);
                    }
                    break;
                case TokenKind.LeftBracket or TokenKind.LeftBracketQuestion:
                    Advance();
                    Enter();
                    var index = ParseExpr();
                    _depth--;
                    Expect(TokenKind.RightBracket, "']'");
                    var function = token.Kind == TokenKind.LeftBracket ? Operators.Index : Operators.OptionalIndex;
                    expr = new CallExpr(token.Position, null, function, [expr, index]);
                    break;
                case TokenKind.LeftBrace when QualifiedName(expr) is { } typeName:
                    Advance();
                    expr = new StructExpr(token.Position, typeName, ParseEntries(isStruct: true));
                    break;
                default:
                    return expr;
            }
        }
    }

    private Expr ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Int:
                var magnitude = (ulong)token.Value!;
                if (magnitude > long.MaxValue)
                {
                    throw Error(token.Position, "integer literal out of range");
                }
                return new ConstantExpr(token.Position, (long)magnitude);
            case TokenKind.Uint or TokenKind.Double or TokenKind.String or TokenKind.Bytes:
                return new ConstantExpr(token.Position, token.Value);
            case TokenKind.True:
                return new ConstantExpr(token.Position, Values.Boxes.True);
            case TokenKind.False:
                return new ConstantExpr(token.Position, Values.Boxes.False);
            case TokenKind.Null:
                return new ConstantExpr(token.Position, null);
            case TokenKind.LeftParen:
                Enter();
                var inner = ParseExpr();
                _depth--;
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.LeftBracket or TokenKind.LeftBracketQuestion:
                // `[?x, ...]`: the lexer saw `[?`, which here opens a list whose first element is optional.
                Enter();
                var list = ParseList(token.Position, firstOptional: token.Kind == TokenKind.LeftBracketQuestion);
                _depth--;
                return list;
            case TokenKind.LeftBrace:
                Enter();
                var map = new MapExpr(token.Position, ParseEntries(isStruct: false));
                _depth--;
                return map;
            case TokenKind.Dot:
                var rooted = Expect(TokenKind.Identifier, "an identifier");
                return Identifier(rooted, rootScoped: true);
            case TokenKind.Identifier:
                return Identifier(token, rootScoped: false);
            default:
                _index--;
                throw Error(token.Position, $"unexpected {Describe(token)}");
        }
    }

    private Expr Identifier(Token token, bool rootScoped)
    {
        var name = (string)token.Value!;
        if (ReservedWords.Contains(name))
        {
            throw Error(token.Position, $"reserved identifier '{name}'");
        }
        if (Accept(TokenKind.LeftParen))
        {
            var args = ParseArguments(TokenKind.RightParen);
            return ExpandGlobalCall(token.Position, rootScoped ? "." + name : name, args);
        }
        return new IdentExpr(token.Position, name, rootScoped);
    }

    private Token ExpectFieldName(bool allowQuoted)
    {
        if (Current.Kind == TokenKind.Identifier || (allowQuoted && Current.Kind == TokenKind.QuotedIdentifier))
        {
            return Advance();
        }
        // Keywords are field names after a dot: `{'in': 1}.in` is not valid, but reserved words are.
        throw Error(Current.Position, $"expected a field name but found {Describe(Current)}");
    }

    private List<Expr> ParseArguments(TokenKind close)
    {
        Enter();
        var args = new List<Expr>();
        if (!Accept(close))
        {
            do
            {
                if (Current.Kind == close)
                {
                    break; // trailing comma
                }
                args.Add(ParseExpr());
            }
            while (Accept(TokenKind.Comma));
            Expect(close, $"'{Operators.Spell(close)}'");
        }
        _depth--;
        return args;
    }

    private ListExpr ParseList(int position, bool firstOptional)
    {
        var elements = new List<Expr>();
        var optional = new List<bool>();
        if (firstOptional || !Accept(TokenKind.RightBracket))
        {
            do
            {
                if (Current.Kind == TokenKind.RightBracket && !firstOptional)
                {
                    break;
                }
                optional.Add(firstOptional || Accept(TokenKind.Question));
                firstOptional = false;
                elements.Add(ParseExpr());
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightBracket, "']'");
        }
        return new ListExpr(position, elements, optional);
    }

    private List<MapEntry> ParseEntries(bool isStruct)
    {
        var entries = new List<MapEntry>();
        if (Accept(TokenKind.RightBrace))
        {
            return entries;
        }
        do
        {
            if (Current.Kind == TokenKind.RightBrace)
            {
                break;
            }
            var position = Current.Position;
            var optional = Accept(TokenKind.Question);
            Expr key;
            if (isStruct)
            {
                var field = ExpectFieldName(allowQuoted: true);
                key = new ConstantExpr(field.Position, field.Value);
            }
            else
            {
                key = ParseExpr();
            }
            Expect(TokenKind.Colon, "':'");
            entries.Add(new MapEntry(position, key, ParseExpr(), optional));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightBrace, "'}'");
        return entries;
    }

    // `a.b.C{...}` names a message type; anything else before `{` is not a struct literal.
    private static string? QualifiedName(Expr expr) => expr switch
    {
        IdentExpr ident => (ident.RootScoped ? "." : "") + ident.Name,
        SelectExpr { TestOnly: false, Optional: false } select when QualifiedName(select.Operand) is { } prefix => prefix + "." + select.Field,
        _ => null,
    };
}
