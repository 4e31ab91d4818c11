using Broker.Core.Api.Meta;

namespace Broker.Kcp.Models;

/// <summary>What kcp's annotations say about an object, read from the one <see cref="ObjectMeta"/> every layer uses.</summary>
public static class KcpMetadata
{
    extension(ObjectMeta metadata)
    {
        /// <summary>The logical cluster name the object lives in, never a path.</summary>
        public string? Cluster => metadata.Annotations?.GetValueOrDefault(KcpAnnotations.Cluster);

        /// <summary>The canonical workspace path, where kcp maintains it.</summary>
        public string? Path => metadata.Annotations?.GetValueOrDefault(KcpAnnotations.Path);
    }
}
