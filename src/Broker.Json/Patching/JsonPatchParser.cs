using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Patching;

/// <summary>Turns a patch document (a JSON array of operation objects) into operations, reporting the first problem.</summary>
internal static class JsonPatchParser
{
    private static readonly Dictionary<string, JsonPatchOperationType> Ops = new(StringComparer.Ordinal)
    {
        ["add"] = JsonPatchOperationType.Add,
        ["remove"] = JsonPatchOperationType.Remove,
        ["replace"] = JsonPatchOperationType.Replace,
        ["move"] = JsonPatchOperationType.Move,
        ["copy"] = JsonPatchOperationType.Copy,
        ["test"] = JsonPatchOperationType.Test,
    };

    public static List<JsonPatchOperation> Parse(JsonNode? document)
    {
        if (document is not JsonArray array)
        {
            throw new JsonPatchException($"a JSON patch must be an array of operations, got {Describe(document)}");
        }

        var operations = new List<JsonPatchOperation>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            operations.Add(ParseOperation(i, array[i]));
        }

        return operations;
    }

    private static JsonPatchOperation ParseOperation(int index, JsonNode? node)
    {
        if (node is not JsonObject operation)
        {
            throw new JsonPatchException($"operation {index}: must be an object, got {Describe(node)}", index, operation: null, path: null);
        }

        if (!operation.TryGetPropertyValue("op", out var opNode))
        {
            throw new JsonPatchException($"operation {index}: missing \"op\"", index, operation: null, path: null);
        }

        if (!TryGetString(opNode, out var opName))
        {
            throw new JsonPatchException($"operation {index}: \"op\" must be a string, got {Describe(opNode)}", index, operation: null, path: null);
        }

        var prefix = $"operation {index} ({opName}): ";
        var path = ReadPointer(operation, "path", index, opName, prefix, pathText: null);
        var pathText = path.Text;
        if (!Ops.TryGetValue(opName, out var op))
        {
            throw new JsonPatchException(
                $"{prefix}path \"{pathText}\": unknown op \"{opName}\", expected add, remove, replace, move, copy or test",
                index, opName, pathText);
        }

        JsonPointer? from = null;
        if (op is JsonPatchOperationType.Move or JsonPatchOperationType.Copy)
        {
            from = ReadPointer(operation, "from", index, opName, $"{prefix}path \"{pathText}\": ", pathText);
        }

        JsonElement? value = null;
        if (op is JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test)
        {
            if (!operation.TryGetPropertyValue("value", out var valueNode))
            {
                throw new JsonPatchException($"{prefix}path \"{pathText}\": missing \"value\"", index, opName, pathText);
            }

            // A private immutable copy: the caller may mutate its document, and Apply may run on many threads.
            value = JsonSerializer.SerializeToElement(valueNode);
        }

        return new JsonPatchOperation(op, path, from, value);
    }

    private static JsonPointer ReadPointer(JsonObject operation, string member, int index, string opName, string prefix, string? pathText)
    {
        if (!operation.TryGetPropertyValue(member, out var node))
        {
            throw new JsonPatchException($"{prefix}missing \"{member}\"", index, opName, pathText);
        }

        if (!TryGetString(node, out var text))
        {
            throw new JsonPatchException($"{prefix}\"{member}\" must be a string, got {Describe(node)}", index, opName, pathText);
        }

        if (!JsonPointer.TryParse(text, out var pointer, out var error))
        {
            throw new JsonPatchException($"{prefix}{member} \"{text}\" {error}", index, opName, pathText ?? text);
        }

        return pointer;
    }

    private static bool TryGetString(JsonNode? node, out string text)
    {
        text = string.Empty;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out text!);
    }

    internal static string Describe(JsonNode? node) => JsonEquality.KindOf(node) switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
