namespace Broker.Controllers.Migrations.Stages;

/// <summary>A stage object cannot be made: its kind is not served, the target refused it, or a foreign object holds its name.</summary>
public sealed class StageObjectException(string message, Exception? inner = null) : Exception(message, inner);
