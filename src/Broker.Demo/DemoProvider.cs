namespace Broker.Demo;

/// <summary>One example certificate provider: its name (also its CA's common name and kubeconfig context) and workspace,
/// the export it serves Certificates through and whether it serves its own VendorCertificate API instead.</summary>
public sealed record DemoProvider(string Name, DemoWorkspace Workspace, string Export = DemoEnvironment.CertificatesExport, bool Vendor = false);
