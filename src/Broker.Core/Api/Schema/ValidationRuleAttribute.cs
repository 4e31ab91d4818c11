namespace Broker.Core.Api.Schema;

/// <summary>A CEL rule the API server enforces on this field (<c>x-kubernetes-validations</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ValidationRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;
    public string Message { get; } = message;
}
