using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Broker.Core.Api.Meta;

/// <summary>
/// A resource type by group, version and plural resource name (group "" is the core group): the one GVR of every layer,
/// in the broker's kinds (<c>spec.gvr</c>) and as the REST resource the kcp client addresses. <see cref="Namespaced"/>
/// decides whether a namespace goes into request paths; it is not part of the JSON, and a GVR read from JSON is namespaced.
/// </summary>
public readonly record struct GroupVersionResource
{
    // Stored inverted so default(GroupVersionResource) and a deserialized one are namespaced, the common case.
    private readonly bool _clusterScoped;

    [SetsRequiredMembers]
    [SuppressMessage("Naming", "CA1725", Justification = "Callers name the flag as the property: Namespaced: false.")]
    public GroupVersionResource(string Group, string Version, string Resource, bool Namespaced = true)
    {
        this.Group = Group;
        this.Version = Version;
        this.Resource = Resource;
        _clusterScoped = !Namespaced;
    }

    [Required, Description("API group; empty for the core group.")]
    [JsonPropertyName("group")] public required string Group { get; init; }

    [Required, MinLength(1), Description("API version, e.g. v1alpha1.")]
    [JsonPropertyName("version")] public required string Version { get; init; }

    [Required, MinLength(1), Description("Plural resource name, e.g. certificates.")]
    [JsonPropertyName("resource")] public required string Resource { get; init; }

    [JsonIgnore] public bool Namespaced { get => !_clusterScoped; init => _clusterScoped = !value; }

    [JsonIgnore] public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The relative collection path, e.g. <c>apis/g/v/namespaces/ns/res</c>; no namespace segment when <paramref name="ns"/> is empty.</summary>
    public string CollectionPath(string? ns)
    {
        var prefix = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return string.IsNullOrEmpty(ns) || !Namespaced
            ? $"{prefix}/{Resource}"
            : $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Resource}";
    }

    public string ObjectPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";

    public override string ToString() => Group.Length == 0 ? $"{Resource}.{Version}" : $"{Resource}.{Version}.{Group}";
}
