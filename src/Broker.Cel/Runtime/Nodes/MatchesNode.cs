using System.Text.RegularExpressions;
using Broker.Cel.Library;
using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary><c>s.matches('constant')</c>: the pattern was checked, translated and compiled at compile
/// time with the environment's regex timeout; an evaluation with another timeout matches through
/// the shared cache instead.</summary>
internal sealed class MatchesNode(Node input, string translatedPattern, Regex compiled) : Node
{
    public override object? Eval(EvalContext context)
    {
        context.Step();
        return input.Eval(context) switch
        {
            string s => Match(context, s),
            CelError error => error,
            var other => CelError.NoMatchingOverload("matches", other),
        };
    }

    private object Match(EvalContext context, string s)
    {
        context.ChargeMatch(s, translatedPattern);
        return Boxes.Bool(context.RegexTimeout == compiled.MatchTimeout
            ? Re2Pattern.IsMatch(s, compiled)
            : Re2Pattern.IsMatch(s, translatedPattern, context.RegexTimeout));
    }
}
