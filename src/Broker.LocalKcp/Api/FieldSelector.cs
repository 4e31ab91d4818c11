using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Api;

/// <summary>The field selectors every resource supports: metadata.name and metadata.namespace with =, == and !=.</summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, string Value, bool Equal)> _terms;

    private FieldSelector(IReadOnlyList<(string Field, string Value, bool Equal)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => _terms.Count == 0;

    /// <summary>The name when the selector pins exactly one name (metadata.name=x), for fast lookups.</summary>
    public string? SingleName => _terms.FirstOrDefault(t => t is { Field: "metadata.name", Equal: true }).Value;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, string, bool)>();
        foreach (var term in text.Split(','))
        {
            var (op, equal) = term.Contains("!=", StringComparison.Ordinal) ? ("!=", false)
                : term.Contains("==", StringComparison.Ordinal) ? ("==", true)
                : ("=", true);
            var index = term.IndexOf(op, StringComparison.Ordinal);
            if (index <= 0)
            {
                throw StatusException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..index].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw StatusException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, term[(index + op.Length)..].Trim(), equal));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(StoredObject? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var (field, expected, equal) in _terms)
        {
            var actual = field == "metadata.name" ? value.Key.Name : value.Key.Namespace;
            if (string.Equals(actual, expected, StringComparison.Ordinal) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
