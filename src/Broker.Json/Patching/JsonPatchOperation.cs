using System.Text.Json;

namespace Broker.Json.Patching;

/// <summary>
/// One parsed RFC 6902 operation. <paramref name="Value"/> is present for add, replace and test
/// (a JSON null is a <see cref="JsonValueKind.Null"/> element, not a missing value);
/// <paramref name="From"/> is present for move and copy.
/// </summary>
public sealed record JsonPatchOperation(JsonPatchOperationType Op, JsonPointer Path, JsonPointer? From = null, JsonElement? Value = null)
{
    /// <summary>The operation name as written on the wire: "add", "remove", ...</summary>
    public string Name => NameOf(Op);

    internal static string NameOf(JsonPatchOperationType op) => op switch
    {
        JsonPatchOperationType.Add => "add",
        JsonPatchOperationType.Remove => "remove",
        JsonPatchOperationType.Replace => "replace",
        JsonPatchOperationType.Move => "move",
        JsonPatchOperationType.Copy => "copy",
        JsonPatchOperationType.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, message: null),
    };
}
