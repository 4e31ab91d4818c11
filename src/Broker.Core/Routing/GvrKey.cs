using Broker.Core.Api.Meta;

namespace Broker.Core.Routing;

/// <summary>A GVR as a value key, so index lookups neither allocate nor depend on record reference equality.</summary>
public readonly record struct GvrKey(string Group, string Version, string Resource)
{
    public static GvrKey From(GroupVersionResource gvr) => new(gvr.Group, gvr.Version, gvr.Resource);

    public override string ToString() => Group.Length == 0 ? $"{Version}/{Resource}" : $"{Group}/{Version}/{Resource}";
}
