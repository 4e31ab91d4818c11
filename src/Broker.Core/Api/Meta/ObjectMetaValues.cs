using k8s.Models;

namespace Broker.Core.Api.Meta;

/// <summary>Single-key reads of a <see cref="V1ObjectMeta"/>'s labels and annotations: the package types them as
/// <see cref="IDictionary{TKey,TValue}"/>, which has no GetValueOrDefault.</summary>
public static class ObjectMetaValues
{
    extension(V1ObjectMeta metadata)
    {
        public string? Annotation(string key) => Lookup(metadata.Annotations, key);

        public string? Label(string key) => Lookup(metadata.Labels, key);
    }

    private static string? Lookup(IDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) ? value : null;
}
