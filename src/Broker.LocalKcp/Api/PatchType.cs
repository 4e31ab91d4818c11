namespace Broker.LocalKcp.Api;

public enum PatchType
{
    Merge,
    Json,
    StrategicMerge,
    Apply,
}
