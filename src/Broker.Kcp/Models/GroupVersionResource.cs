namespace Broker.Kcp.Models;

/// <summary>Names a REST resource; <see cref="Namespaced"/> decides whether a namespace goes into paths.</summary>
public readonly record struct GroupVersionResource(string Group, string Version, string Resource, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

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
