namespace Broker.LocalKcp.Api;

/// <summary>One cause of a Status failure, e.g. a field that failed validation.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
