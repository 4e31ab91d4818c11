namespace Broker.Core.Api.Schema;

/// <summary>An APIExport: the resources it serves (by plural) and the permission claims it makes.</summary>
public sealed record ExportDefinition(string Name, IReadOnlyList<string> Resources, IReadOnlyList<PermissionClaimDefinition> Claims);
