namespace Broker.Kcp.Models;

/// <summary>Points at an APIExport: <see cref="Path"/> is a canonical path or a logical cluster name, "" for the same workspace.</summary>
public sealed record ExportReference(string? Path, string Name);
