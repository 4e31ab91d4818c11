namespace Broker.Core.Api.Schema;

/// <summary>A column of <c>kubectl get</c> (additionalPrinterColumns).</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string? Description = null, int Priority = 0);
