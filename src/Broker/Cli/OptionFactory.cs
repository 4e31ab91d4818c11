using System.CommandLine;
using System.CommandLine.Parsing;

namespace Broker.Cli;

/// <summary>
/// The one way the broker's options are made, so that any of them can name an environment variable: the flag wins; an
/// absent flag takes the variable, parsed as the flag is; then the default. <c>--help</c> shows <c>[env: NAME]</c> beside
/// the flag, and a malformed flag or variable is a parse error naming it (so the command exits 2 with one line).
/// </summary>
internal sealed class OptionFactory(Func<string, string?> environment)
{
    /// <summary>Options reading this process's environment.</summary>
    public static OptionFactory FromProcess() => new(Environment.GetEnvironmentVariable);

    public Option<T> Create<T>(string name, string description, ValueParser<T> parser, T defaultValue, string? variable = null)
    {
        var option = new Option<T>(name)
        {
            Description = variable is null ? description : $"{description} [env: {variable}]",
            DefaultValueFactory = result => Absent(result, variable, parser, defaultValue),
            CustomParser = result => result.Parent is OptionResult { Implicit: true }
                ? Absent(result, variable, parser, defaultValue)
                : Given(result, name, parser),
        };
        if (typeof(T) == typeof(bool))
        {
            option.Arity = ArgumentArity.ZeroOrOne; // --leader-elect alone means true; --leader-elect=false overrides a variable
        }

        return option;
    }

    public Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue, string? variable = null) =>
        Create(name, $"{description} (a duration such as 90s, 1m30s or 00:01:30)", ValueParsers.Duration, defaultValue, variable);

    private T Absent<T>(ArgumentResult result, string? variable, ValueParser<T> parser, T defaultValue)
    {
        if (variable is null || environment(variable) is not { } text)
        {
            return defaultValue;
        }

        if (parser.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{variable}: '{text}' is not {parser.Expected}");
        return defaultValue;
    }

    private static T Given<T>(ArgumentResult result, string name, ValueParser<T> parser)
    {
        if (result.Tokens.Count == 0 && true is T bare)
        {
            return bare; // a bare boolean flag
        }

        var text = result.Tokens[^1].Value;
        if (parser.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not {parser.Expected}");
        return default!;
    }
}
