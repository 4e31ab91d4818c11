using Broker.Cel.Library;
using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary><c>s.matches('constant')</c>: the pattern was checked and translated at compile time.</summary>
internal sealed class MatchesNode(Node input, string translatedPattern) : Node
{
    public override object? Eval(EvalContext context)
    {
        context.Step();
        return input.Eval(context) switch
        {
            string s => Boxes.Bool(Re2Pattern.IsMatch(s, translatedPattern, context.RegexTimeout)),
            CelError error => error,
            var other => CelError.NoMatchingOverload("matches", other),
        };
    }
}
