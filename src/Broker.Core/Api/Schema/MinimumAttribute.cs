namespace Broker.Core.Api.Schema;

/// <summary>Inclusive lower bound of an integer field (OpenAPI <c>minimum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
