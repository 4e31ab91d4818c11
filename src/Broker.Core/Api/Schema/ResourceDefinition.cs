namespace Broker.Core.Api.Schema;

/// <summary>Everything needed to publish one C# kind as an APIResourceSchema.</summary>
public sealed record ResourceDefinition(
    Type Type,
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    IReadOnlyList<PrinterColumn> Columns,
    IReadOnlyList<string>? ShortNames = null,
    IReadOnlyList<string>? Categories = null)
{
    public bool HasStatus => Type.GetProperty("Status") is not null;
}
