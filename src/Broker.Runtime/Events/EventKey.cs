namespace Broker.Runtime.Events;

/// <summary>What makes two occurrences the same Event: subject, type, reason and message (after truncation).</summary>
internal readonly record struct EventKey(EventSubject Subject, EventType Type, string Reason, string Message);
