namespace Broker.Json.Patching;

/// <summary>The six RFC 6902 operations.</summary>
public enum JsonPatchOperationType
{
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}
