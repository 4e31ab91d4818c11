namespace Broker.LocalKcp.Api;

/// <summary>Per-request write options: fieldValidation=Strict and dryRun=All (validate and admit, but store nothing), and who asks (for admission).</summary>
public readonly record struct WriteOptions(bool Strict = false, bool DryRun = false, Security.UserInfo? User = null);
