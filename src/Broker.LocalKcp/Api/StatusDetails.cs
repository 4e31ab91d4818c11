namespace Broker.LocalKcp.Api;

/// <summary>The details of a Status: which object (name, group, kind/resource) and the causes.</summary>
public sealed record StatusDetails(string Name, string Group, string Kind, IReadOnlyList<StatusCause>? Causes = null);
