using Broker.Cel.Parsing.Ast;

namespace Broker.Cel.Parsing;

/// <summary>Recursive-descent parser for the CEL grammar, with macro expansion
/// (<see cref="Parser"/>.Macros.cs) and a nesting limit so hostile input cannot exhaust the stack.</summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> ReservedWords =
    [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ];

    private readonly SourceText _source;
    private readonly List<Token> _tokens;
    private readonly int _maxDepth;
    private readonly bool _macros;
    private int _index;
    private int _depth;

    private Parser(SourceText source, int maxDepth, bool macros)
    {
        _source = source;
        _tokens = new Lexer(source).Tokenize();
        _maxDepth = maxDepth;
        _macros = macros;
    }

    public static Expr Parse(SourceText source, int maxDepth, bool macros = true)
    {
        var parser = new Parser(source, maxDepth, macros);
        var expr = parser.ParseExpr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Error(parser.Current.Position, $"unexpected {Describe(parser.Current)}");
        }
        return expr;
    }

    private Token Current => _tokens[_index];

    private Token Advance() => _tokens[_index++];

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }
        _index++;
        return true;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Error(Current.Position, $"expected {what} but found {Describe(Current)}");
        }
        return Advance();
    }

    private Expr ParseExpr()
    {
        Enter();
        var condition = ParseOr();
        if (Current.Kind == TokenKind.Question)
        {
            var position = Advance().Position;
            var then = ParseOr();
            Expect(TokenKind.Colon, "':'");
            var otherwise = ParseExpr();
            condition = new CallExpr(position, null, Operators.Conditional, [condition, then, otherwise]);
        }
        _depth--;
        return condition;
    }

    private Expr ParseOr() => ParseLogical(TokenKind.OrOr, Operators.LogicalOr, ParseAnd);

    private Expr ParseAnd() => ParseLogical(TokenKind.AndAnd, Operators.LogicalAnd, ParseRelation);

    // `&&` and `||` are commutative and associative in CEL, so a long chain is built as a balanced
    // tree: a rule with hundreds of conditions stays shallow for the nesting limit and the stack.
    private Expr ParseLogical(TokenKind kind, string function, Func<Expr> operand)
    {
        var terms = new List<Expr> { operand() };
        var positions = new List<int>();
        while (Current.Kind == kind)
        {
            positions.Add(Advance().Position);
            terms.Add(operand());
        }
        return Balance(terms, positions, 0, terms.Count - 1, function);
    }

    private static Expr Balance(List<Expr> terms, List<int> positions, int first, int last, string function)
    {
        if (first == last)
        {
            return terms[first];
        }
        var middle = (first + last) / 2;
        return new CallExpr(positions[middle], null, function,
            [Balance(terms, positions, first, middle, function), Balance(terms, positions, middle + 1, last, function)]);
    }

    private Expr ParseRelation()
    {
        var left = ParseAddition();
        var chain = 0;
        while (true)
        {
            var function = Current.Kind switch
            {
                TokenKind.Less => Operators.Less,
                TokenKind.LessEqual => Operators.LessEqual,
                TokenKind.Greater => Operators.Greater,
                TokenKind.GreaterEqual => Operators.GreaterEqual,
                TokenKind.EqualEqual => Operators.Equal,
                TokenKind.BangEqual => Operators.NotEqual,
                TokenKind.In => Operators.In,
                _ => null,
            };
            if (function is null)
            {
                return left;
            }
            var position = Advance().Position;
            left = new CallExpr(position, null, function, [left, ParseAddition()]);
            CheckChain(++chain, position);
        }
    }

    private Expr ParseAddition()
    {
        var left = ParseMultiplication();
        var chain = 0;
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var token = Advance();
            var function = token.Kind == TokenKind.Plus ? Operators.Add : Operators.Subtract;
            left = new CallExpr(token.Position, null, function, [left, ParseMultiplication()]);
            CheckChain(++chain, token.Position);
        }
        return left;
    }

    private Expr ParseMultiplication()
    {
        var left = ParseUnary();
        var chain = 0;
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var token = Advance();
            var function = token.Kind switch
            {
                TokenKind.Star => Operators.Multiply,
                TokenKind.Slash => Operators.Divide,
                _ => Operators.Modulo,
            };
            left = new CallExpr(token.Position, null, function, [left, ParseUnary()]);
            CheckChain(++chain, token.Position);
        }
        return left;
    }

    private Expr ParseUnary()
    {
        if (Current.Kind == TokenKind.Bang)
        {
            var position = Advance().Position;
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new CallExpr(position, null, Operators.LogicalNot, [operand]);
        }
        if (Current.Kind == TokenKind.Minus)
        {
            var position = Advance().Position;
            if (Current.Kind == TokenKind.Int && !IsPostfix(_tokens[_index + 1].Kind))
            {
                return NegativeIntLiteral(position);
            }
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new CallExpr(position, null, Operators.Negate, [operand]);
        }
        return ParseMember();
    }

    private static bool IsPostfix(TokenKind kind) =>
        kind is TokenKind.Dot or TokenKind.QuestionDot or TokenKind.LeftBracket or TokenKind.LeftBracketQuestion;

    private ConstantExpr NegativeIntLiteral(int position)
    {
        var magnitude = (ulong)Advance().Value!;
        if (magnitude > (ulong)long.MaxValue + 1)
        {
            throw Error(position, "integer literal out of range");
        }
        return new ConstantExpr(position, magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
    }

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw Error(Current.Position, $"expression nesting exceeds the limit of {_maxDepth}");
        }
    }

    private void CheckChain(int chain, int position)
    {
        if (_depth + chain > _maxDepth)
        {
            throw Error(position, $"expression nesting exceeds the limit of {_maxDepth}");
        }
    }

    private CelCompileException Error(int position, string reason) => CelCompileException.At(_source, position, "Syntax error: " + reason);

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Identifier or TokenKind.QuotedIdentifier => $"'{token.Value}'",
        TokenKind.Int or TokenKind.Uint or TokenKind.Double or TokenKind.String or TokenKind.Bytes => "literal",
        _ => $"'{Operators.Spell(token.Kind)}'",
    };
}
