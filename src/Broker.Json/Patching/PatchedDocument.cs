using System.Text.Json.Nodes;

namespace Broker.Json.Patching;

/// <summary>
/// A private, mutable copy of the patched document and the RFC 6902 primitives on it. Failures
/// come back as a message fragment ("path "/a" does not exist") that the caller prefixes with
/// the operation; a failed patch discards the whole copy, so partial edits never escape.
/// </summary>
internal sealed class PatchedDocument(JsonNode? root)
{
    public JsonNode? Root { get; private set; } = root;

    public string? Add(JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            Root = value;
            return null;
        }

        var error = Locate(path, "path", forAdd: true, out var container, out var index);
        if (error is not null)
        {
            return error;
        }

        if (container is JsonArray array)
        {
            array.Insert(index, value);
        }
        else
        {
            ((JsonObject)container!)[path.LastSegment] = value;
        }

        return null;
    }

    /// <summary>Detaches the node at <paramref name="path"/> so it can be re-attached elsewhere (move).</summary>
    public string? Remove(JsonPointer path, string label, out JsonNode? removed)
    {
        removed = null;
        if (path.IsRoot)
        {
            return $"{label} \"\": cannot remove the whole document";
        }

        var error = Locate(path, label, forAdd: false, out var container, out var index);
        if (error is not null)
        {
            return error;
        }

        if (container is JsonArray array)
        {
            removed = array[index];
            array.RemoveAt(index);
        }
        else
        {
            var obj = (JsonObject)container!;
            removed = obj[path.LastSegment];
            obj.Remove(path.LastSegment);
        }

        return null;
    }

    public string? Replace(JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            Root = value;
            return null;
        }

        var error = Locate(path, "path", forAdd: false, out var container, out var index);
        if (error is not null)
        {
            return error;
        }

        if (container is JsonArray array)
        {
            array[index] = value;
        }
        else
        {
            ((JsonObject)container!)[path.LastSegment] = value;
        }

        return null;
    }

    /// <summary>The node at <paramref name="path"/>, still attached; clone it before putting it elsewhere.</summary>
    public string? Get(JsonPointer path, string label, out JsonNode? value)
    {
        value = null;
        if (path.IsRoot)
        {
            value = Root;
            return null;
        }

        var error = Locate(path, label, forAdd: false, out var container, out var index);
        if (error is not null)
        {
            return error;
        }

        value = container is JsonArray array ? array[index] : ((JsonObject)container!)[path.LastSegment];
        return null;
    }

    /// <summary>
    /// Finds the parent of <paramref name="path"/> and, for arrays, the index; for add the
    /// member may be absent and the index may be the length ("-" appends).
    /// </summary>
    private string? Locate(JsonPointer path, string label, bool forAdd, out JsonNode? container, out int index)
    {
        index = -1;
        var parent = path.Parent;
        if (!parent.TryGet(Root, out container))
        {
            return forAdd
                ? $"{label} \"{path}\": parent \"{parent}\" does not exist"
                : $"{label} \"{path}\" does not exist";
        }

        var segment = path.LastSegment;
        switch (container)
        {
            case JsonObject obj:
                return forAdd || obj.ContainsKey(segment) ? null : $"{label} \"{path}\" does not exist";
            case JsonArray array:
                if (segment == "-")
                {
                    index = array.Count;
                    return forAdd ? null : $"{label} \"{path}\" does not exist";
                }

                if (!JsonPointer.TryParseIndex(segment, out index))
                {
                    return $"{label} \"{path}\": \"{segment}\" is not a valid array index";
                }

                var limit = forAdd ? array.Count : array.Count - 1;
                return index <= limit ? null : $"{label} \"{path}\": index {index} is out of range for an array of length {array.Count}";
            default:
                return forAdd
                    ? $"{label} \"{path}\": parent \"{parent}\" is {JsonPatchParser.Describe(container)}, not an object or array"
                    : $"{label} \"{path}\" does not exist";
        }
    }
}
