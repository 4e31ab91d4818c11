namespace Broker.Runtime.Events;

/// <summary>The two types core/v1 Events know. Warning is what <c>kubectl get events --field-selector type=Warning</c> finds.</summary>
public enum EventType
{
    Normal,
    Warning,
}
