using Broker.Core.Api.Meta;
using k8s.Models;

namespace Broker.Kcp.Models;

/// <summary>What kcp's annotations say about an object, read from the one <see cref="V1ObjectMeta"/> every layer uses.</summary>
public static class KcpMetadata
{
    extension(V1ObjectMeta metadata)
    {
        /// <summary>The logical cluster name the object lives in, never a path.</summary>
        public string? Cluster => metadata.Annotation(KcpAnnotations.Cluster);

        /// <summary>The canonical workspace path, where kcp maintains it.</summary>
        public string? Path => metadata.Annotation(KcpAnnotations.Path);
    }
}
