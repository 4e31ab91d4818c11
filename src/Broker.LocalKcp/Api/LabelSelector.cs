using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Api;

/// <summary>A parsed label selector (Kubernetes string syntax: =, ==, !=, in, notin, exists, !exists).</summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim()));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>Builds a selector from matchLabels: every label must equal.</summary>
    public static LabelSelector FromMatchLabels(IEnumerable<KeyValuePair<string, string>> labels) =>
        new([.. labels.Select(l => new Requirement(l.Key, Operator.In, [l.Value]))]);

    public bool Matches(StoredObject? value) => value is not null && Matches(value.GetLabel);

    public bool Matches(Func<string, string?> label)
    {
        foreach (var requirement in _requirements)
        {
            var actual = label(requirement.Key);
            var ok = requirement.Op switch
            {
                Operator.Exists => actual is not null,
                Operator.DoesNotExist => actual is null,
                Operator.In => actual is not null && requirement.Values.Contains(actual, StringComparer.Ordinal),
                Operator.NotIn => actual is null || !requirement.Values.Contains(actual, StringComparer.Ordinal),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseTerm(string term)
    {
        if (term.StartsWith('!'))
        {
            return new Requirement(Key(term[1..]), Operator.DoesNotExist, []);
        }

        foreach (var (token, op) in ((string, Operator)[])[(" notin ", Operator.NotIn), (" in ", Operator.In)])
        {
            var index = term.IndexOf(token, StringComparison.Ordinal);
            if (index > 0)
            {
                var values = term[(index + token.Length)..].Trim();
                if (!values.StartsWith('(') || !values.EndsWith(')'))
                {
                    throw StatusException.BadRequest($"unable to parse requirement: {term}");
                }

                return new Requirement(Key(term[..index]), op, [.. values[1..^1].Split(',').Select(v => v.Trim())]);
            }
        }

        foreach (var (token, op) in ((string, Operator)[])[("!=", Operator.NotIn), ("==", Operator.In), ("=", Operator.In)])
        {
            var index = term.IndexOf(token, StringComparison.Ordinal);
            if (index > 0)
            {
                return new Requirement(Key(term[..index]), op, [term[(index + token.Length)..].Trim()]);
            }
        }

        return new Requirement(Key(term), Operator.Exists, []);
    }

    private static string Key(string key)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            throw StatusException.BadRequest($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }

    private enum Operator
    {
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values);
}
