namespace Broker.Core.Routing;

/// <summary>Which part of the object a filter key reads.</summary>
public enum FilterKeyKind
{
    /// <summary>A dotted path under <c>.spec</c>.</summary>
    Spec,
    MetadataName,
    MetadataNamespace,
    Label,
    Annotation,
}
