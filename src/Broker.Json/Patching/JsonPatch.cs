using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Patching;

/// <summary>
/// A parsed JSON patch (RFC 6902, <c>kubectl patch --type json</c>). Immutable and safe to
/// apply from many threads; <see cref="Apply"/> never mutates its input.
/// </summary>
public sealed class JsonPatch
{
    private const int MaxValueInMessage = 100;

    /// <exception cref="JsonPatchException">An operation lacks the "value" or "from" its op needs.</exception>
    public JsonPatch(IEnumerable<JsonPatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        Operations = operations.ToList().AsReadOnly();
        for (var i = 0; i < Operations.Count; i++)
        {
            var operation = Operations[i];
            var missing = operation.Op switch
            {
                JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test when operation.Value is null => "value",
                JsonPatchOperationType.Move or JsonPatchOperationType.Copy when operation.From is null => "from",
                _ => null,
            };
            if (missing is not null)
            {
                throw new JsonPatchException(
                    $"operation {i} ({operation.Name}): path \"{operation.Path}\": missing \"{missing}\"", i, operation.Name, operation.Path.Text);
            }
        }
    }

    public IReadOnlyList<JsonPatchOperation> Operations { get; }

    /// <exception cref="JsonPatchException">The document is not an array of valid operations.</exception>
    public static JsonPatch Parse(JsonNode? document) => new(JsonPatchParser.Parse(document));

    /// <summary>Applies every operation in order to a copy of <paramref name="target"/>; all or nothing.</summary>
    /// <exception cref="JsonPatchException">An operation failed; the message names its index, op and path.</exception>
    public JsonNode? Apply(JsonNode? target)
    {
        var document = new PatchedDocument(target?.DeepClone());
        for (var i = 0; i < Operations.Count; i++)
        {
            var operation = Operations[i];
            var error = ApplyOne(document, operation);
            if (error is not null)
            {
                throw new JsonPatchException($"operation {i} ({operation.Name}): {error}", i, operation.Name, operation.Path.Text);
            }
        }

        return document.Root;
    }

    private static string? ApplyOne(PatchedDocument document, JsonPatchOperation operation)
    {
        var path = operation.Path;
        switch (operation.Op)
        {
            case JsonPatchOperationType.Add:
                return document.Add(path, ValueOf(operation));
            case JsonPatchOperationType.Remove:
                return document.Remove(path, "path", out _);
            case JsonPatchOperationType.Replace:
                return document.Replace(path, ValueOf(operation));
            case JsonPatchOperationType.Move:
                return Move(document, FromOf(operation), path);
            case JsonPatchOperationType.Copy:
                return document.Get(FromOf(operation), "from", out var source) ?? document.Add(path, source?.DeepClone());
            case JsonPatchOperationType.Test:
                return Test(document, path, ValueOf(operation));
            default:
                return $"unsupported op {operation.Op}";
        }
    }

    private static string? Move(PatchedDocument document, JsonPointer from, JsonPointer path)
    {
        if (from.IsProperPrefixOf(path))
        {
            return $"path \"{path}\": cannot move \"{from}\" into its own child";
        }

        if (from.Equals(path))
        {
            return document.Get(from, "from", out _); // a no-op, but the location must exist
        }

        return document.Remove(from, "from", out var value) ?? document.Add(path, value);
    }

    private static string? Test(PatchedDocument document, JsonPointer path, JsonNode? expected)
    {
        var error = document.Get(path, "path", out var actual);
        if (error is not null || JsonEquality.DeepEquals(actual, expected))
        {
            return error;
        }

        return $"path \"{path}\": test failed: value is {Shorten(actual)}, expected {Shorten(expected)}";
    }

    // The constructor guarantees "from" and "value" for the ops that need them.
    private static JsonPointer FromOf(JsonPatchOperation operation) => operation.From!;

    /// <summary>A fresh node per application: nodes have one parent, and the stored element stays immutable.</summary>
    private static JsonNode? ValueOf(JsonPatchOperation operation)
    {
        var element = operation.Value!.Value;
        return element.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(element),
            JsonValueKind.Array => JsonArray.Create(element),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => JsonValue.Create(element),
        };
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= MaxValueInMessage ? text : string.Concat(text.AsSpan(0, MaxValueInMessage), "...");
    }
}
