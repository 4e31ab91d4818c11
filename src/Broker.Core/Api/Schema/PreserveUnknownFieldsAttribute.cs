namespace Broker.Core.Api.Schema;

/// <summary>Keeps fields the schema does not declare (<c>x-kubernetes-preserve-unknown-fields</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
