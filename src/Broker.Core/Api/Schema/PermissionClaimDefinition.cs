namespace Broker.Core.Api.Schema;

/// <summary>A permission claim on a built-in resource of the consumer's workspace.</summary>
public sealed record PermissionClaimDefinition(string Group, string Resource, IReadOnlyList<string> Verbs);
