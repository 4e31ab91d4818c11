namespace Broker.Json.Patching;

/// <summary>
/// A JSON patch that cannot be parsed or applied. The message names the operation index, op
/// and path, e.g. <c>operation 2 (remove): path "/spec/x" does not exist</c>.
/// </summary>
public sealed class JsonPatchException : Exception
{
    public JsonPatchException()
    {
    }

    public JsonPatchException(string message)
        : base(message)
    {
    }

    public JsonPatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonPatchException(string message, int? operationIndex, string? operation, string? path)
        : base(message)
    {
        OperationIndex = operationIndex;
        Operation = operation;
        Path = path;
    }

    /// <summary>Zero-based index of the failing operation; null when the patch document itself is malformed.</summary>
    public int? OperationIndex { get; }

    /// <summary>The op as written ("add", "spam"), when known.</summary>
    public string? Operation { get; }

    /// <summary>The operation's path as written, when known.</summary>
    public string? Path { get; }
}
