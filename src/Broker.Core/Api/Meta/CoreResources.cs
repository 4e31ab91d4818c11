namespace Broker.Core.Api.Meta;

/// <summary>Resources of the core group ("", v1) the broker addresses itself, named once.</summary>
public static class CoreResources
{
    public static GroupVersionResource Secrets { get; } = new("", "v1", "secrets");
}
