namespace Broker.Demo;

/// <summary>One example certificate provider: its name (also its CA's common name and kubeconfig context) and workspace.</summary>
public sealed record DemoProvider(string Name, DemoWorkspace Workspace);
