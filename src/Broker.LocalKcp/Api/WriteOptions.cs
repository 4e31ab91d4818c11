namespace Broker.LocalKcp.Api;

/// <summary>Per-request write options: fieldValidation=Strict and dryRun=All (validate and admit, but store nothing).</summary>
public readonly record struct WriteOptions(bool Strict = false, bool DryRun = false);
