using System.Text.Json;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Api;

/// <summary>
/// A field selector (=, == and !=, comma-separated). metadata.name and metadata.namespace are answered from the
/// object's key; the resource-specific labels of <see cref="FieldLabels"/> are read from the object's JSON.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<Term> _terms;

    private FieldSelector(IReadOnlyList<Term> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => _terms.Count == 0;

    /// <summary>The name when the selector pins exactly one name (metadata.name=x), for fast lookups.</summary>
    public string? SingleName => _terms.FirstOrDefault(t => t is { Field: "metadata.name", Equal: true })?.Value;

    /// <summary>Parses the syntax; which fields a resource supports is checked by <see cref="For"/>.</summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<Term>();
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

            terms.Add(new Term(term[..index].Trim(), term[(index + op.Length)..].Trim(), equal, Path: null));
        }

        return new FieldSelector(terms);
    }

    /// <summary>This selector bound to <paramref name="resource"/>'s field labels; a label it lacks is a 400, as from kube-apiserver.</summary>
    public FieldSelector For(ApiResource resource) => IsEverything ? this : new FieldSelector([.. _terms.Select(t => t.Field switch
    {
        "metadata.name" or "metadata.namespace" => t,
        _ => t with { Path = FieldLabels.PathOf(resource, t.Field) ?? throw StatusException.BadRequest($"field label not supported: {t.Field}") },
    })]);

    public bool Matches(StoredObject? value)
    {
        if (value is null)
        {
            return false;
        }

        JsonDocument? document = null; // parsed once, for the first term that reads the JSON
        try
        {
            foreach (var term in _terms)
            {
                var actual = term switch
                {
                    { Field: "metadata.name" } => value.Key.Name,
                    { Field: "metadata.namespace" } => value.Key.Namespace,
                    { Path: { } path } => ReadString((document ??= JsonDocument.Parse(value.Json)).RootElement, path),
                    _ => throw new InvalidOperationException($"field selector on {term.Field} used before For(resource)"),
                };
                if (string.Equals(actual, term.Value, StringComparison.Ordinal) != term.Equal)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            document?.Dispose();
        }
    }

    // A missing field selects as the empty string, as in kube-apiserver's field sets.
    private static string ReadString(JsonElement element, string[] path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return "";
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };
    }

    private sealed record Term(string Field, string Value, bool Equal, string[]? Path);
}
